namespace Nsm.Sdk.Authorization;

/// <summary>The outcome of evaluating an <see cref="AuthorizationPolicySet{TInput}"/>.</summary>
/// <param name="FailedPolicy">The name of the first failing policy, or <see langword="null"/> when all passed.</param>
public readonly record struct AuthorizationResult(string? FailedPolicy)
{
    /// <summary>The message prefix upstream uses for authorization failures (gRPC <c>PermissionDenied</c>).</summary>
    public const string DeniedMessage = "no sufficient privileges";

    /// <summary>Gets a result for an input every policy accepted.</summary>
    public static AuthorizationResult Allowed => default;

    /// <summary>Gets a value indicating whether every policy accepted the input.</summary>
    public bool IsAllowed => FailedPolicy is null;

    /// <summary>Gets the status message for a denial: <c>no sufficient privileges: &lt;policy&gt;</c>.</summary>
    /// <value><see langword="null"/> when allowed.</value>
    public string? DenialMessage => FailedPolicy is null ? null : $"{DeniedMessage}: {FailedPolicy}";

    /// <summary>Creates a result for a failed policy.</summary>
    /// <param name="policyName">The failing policy's name.</param>
    /// <returns>A denied result.</returns>
    public static AuthorizationResult Denied(string policyName)
    {
        ArgumentException.ThrowIfNullOrEmpty(policyName);
        return new AuthorizationResult(policyName);
    }
}
