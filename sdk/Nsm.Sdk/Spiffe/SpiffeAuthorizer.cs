using Nsm.Sdk.Tokens;

namespace Nsm.Sdk.Spiffe;

/// <summary>Which SPIFFE IDs a TLS peer may have once its certificate chains to a trusted bundle (go-spiffe's <c>tlsconfig.Authorizer</c>).</summary>
public sealed class SpiffeAuthorizer
{
    private readonly Func<SpiffeId, bool> _allows;

    private SpiffeAuthorizer(string description, Func<SpiffeId, bool> allows)
    {
        Description = description;
        _allows = allows;
    }

    /// <summary>Gets any ID whose certificate chains to a trusted bundle (upstream NSM's <c>tlsconfig.AuthorizeAny()</c>).</summary>
    public static SpiffeAuthorizer Any { get; } = new("any SPIFFE ID", _ => true);

    /// <summary>Gets what the authorizer allows, for error messages.</summary>
    public string Description { get; }

    /// <summary>Allows any ID of one trust domain.</summary>
    /// <param name="trustDomain">The trust domain name, e.g. <c>example.org</c>.</param>
    /// <returns>The authorizer.</returns>
    public static SpiffeAuthorizer MemberOf(string trustDomain)
    {
        ArgumentException.ThrowIfNullOrEmpty(trustDomain);
        return new SpiffeAuthorizer("a member of " + trustDomain, id => id.TrustDomain == trustDomain);
    }

    /// <summary>Allows exactly one ID.</summary>
    /// <param name="id">The ID.</param>
    /// <returns>The authorizer.</returns>
    public static SpiffeAuthorizer Exactly(SpiffeId id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return new SpiffeAuthorizer(id.ToString(), peer => peer == id);
    }

    /// <summary>Tells whether a peer with <paramref name="id"/> is allowed.</summary>
    /// <param name="id">The peer's verified SPIFFE ID.</param>
    /// <returns><see langword="true"/> when allowed.</returns>
    public bool Allows(SpiffeId id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return _allows(id);
    }
}
