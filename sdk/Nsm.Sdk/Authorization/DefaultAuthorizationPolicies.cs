namespace Nsm.Sdk.Authorization;

/// <summary>The policy sets the upstream <c>cmd-*</c> programs enable (wire.md §4.4).</summary>
/// <remarks>
/// Common policies come first (<c>tokens_valid</c>, <c>tokens_expired</c>, <c>tokens_chained</c>), then the
/// component-specific ones, so the reported failure is the most basic one. Chains that want no checks use
/// <see cref="AuthorizationPolicySet.Any{TInput}"/>, the upstream chain default.
/// </remarks>
public static class DefaultAuthorizationPolicies
{
    /// <summary>Networkservice server: <c>common/*</c> + <c>server/*</c>.</summary>
    /// <param name="timeProvider">The clock for <c>tokens_expired</c>.</param>
    /// <returns>tokens_valid, tokens_expired, tokens_chained, prev_token_signed.</returns>
    public static AuthorizationPolicySet<NetworkServiceAuthorizationInput> NetworkServiceServer(TimeProvider timeProvider) =>
        new([.. Common(timeProvider), new PrevTokenSignedPolicy()]);

    /// <summary>Networkservice client: <c>common/*</c> + <c>client/*</c>.</summary>
    /// <param name="timeProvider">The clock for <c>tokens_expired</c>.</param>
    /// <returns>tokens_valid, tokens_expired, tokens_chained, next_token_signed.</returns>
    public static AuthorizationPolicySet<NetworkServiceAuthorizationInput> NetworkServiceClient(TimeProvider timeProvider) =>
        new([.. Common(timeProvider), new NextTokenSignedPolicy()]);

    /// <summary>Registry server: <c>common/*</c> + <c>registry/*</c> + <c>server/*</c>.</summary>
    /// <param name="timeProvider">The clock for <c>tokens_expired</c>.</param>
    /// <returns>tokens_valid, tokens_expired, tokens_chained, client_allowed, prev_token_signed.</returns>
    public static AuthorizationPolicySet<RegistryAuthorizationInput> RegistryServer(TimeProvider timeProvider) =>
        new([.. Common(timeProvider), new ClientAllowedPolicy(), new PrevTokenSignedPolicy()]);

    /// <summary>
    /// NetworkService registry server: <see cref="RegistryServer"/> without <c>client_allowed</c>. A network service is a
    /// shared definition that the platform (kubectl, nsmctl) and every replica of its endpoints register under their own
    /// identities; ownership applies to endpoints.
    /// </summary>
    /// <param name="timeProvider">The clock for <c>tokens_expired</c>.</param>
    /// <returns>tokens_valid, tokens_expired, tokens_chained, prev_token_signed.</returns>
    public static AuthorizationPolicySet<RegistryAuthorizationInput> ServiceRegistryServer(TimeProvider timeProvider) =>
        new([.. Common(timeProvider), new PrevTokenSignedPolicy()]);

    /// <summary>Registry client: <c>common/*</c> + <c>registry/*</c> + <c>client/*</c>.</summary>
    /// <param name="timeProvider">The clock for <c>tokens_expired</c>.</param>
    /// <returns>tokens_valid, tokens_expired, tokens_chained, client_allowed, next_token_signed.</returns>
    public static AuthorizationPolicySet<RegistryAuthorizationInput> RegistryClient(TimeProvider timeProvider) =>
        new([.. Common(timeProvider), new ClientAllowedPolicy(), new NextTokenSignedPolicy()]);

    /// <summary>MonitorConnections: <c>monitor/*</c> (not enabled by any upstream binary).</summary>
    /// <returns>service_connection.</returns>
    public static AuthorizationPolicySet<MonitorAuthorizationInput> Monitor() => new([new ServiceConnectionPolicy()]);

    private static IAuthorizationPolicy<IPathAuthorizationInput>[] Common(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        return [new TokensValidPolicy(), new TokensExpiredPolicy(timeProvider), new TokensChainedPolicy()];
    }
}
