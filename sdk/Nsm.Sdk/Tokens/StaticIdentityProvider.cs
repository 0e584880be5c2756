namespace Nsm.Sdk.Tokens;

/// <summary>An <see cref="IIdentityProvider"/> that always returns the same identity.</summary>
/// <param name="identity">The identity to return; it stays owned by the caller.</param>
public sealed class StaticIdentityProvider(NsmIdentity identity) : IIdentityProvider
{
    private readonly NsmIdentity _identity = identity ?? throw new ArgumentNullException(nameof(identity));

    /// <inheritdoc />
    public NsmIdentity GetIdentity() => _identity;
}
