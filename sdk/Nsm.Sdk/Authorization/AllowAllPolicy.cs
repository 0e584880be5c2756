namespace Nsm.Sdk.Authorization;

/// <summary>A policy that accepts every input (like upstream's always-true sample policies).</summary>
/// <typeparam name="TInput">The input type.</typeparam>
public sealed class AllowAllPolicy<TInput> : IAuthorizationPolicy<TInput>
{
    /// <inheritdoc />
    public string Name => PolicyNames.AllowAll;

    /// <inheritdoc />
    public bool IsValid(TInput input) => true;
}
