namespace Nsm.Sdk.Hosting.Spiffe;

/// <summary>Options of <see cref="DevWorkloadApiServer"/>.</summary>
public sealed record DevWorkloadApiServerOptions
{
    /// <summary>Gets the unix socket the server listens on (what callers put in <c>SPIFFE_ENDPOINT_SOCKET</c>).</summary>
    public required string SocketPath { get; init; }

    /// <summary>Gets the trust domain of the CA.</summary>
    /// <value>The default is <c>nsm.local</c>.</value>
    public string TrustDomain { get; init; } = "nsm.local";

    /// <summary>Gets the lifetime of each X.509-SVID; a new one is streamed at half of it.</summary>
    /// <value>The default is 1 hour (SPIRE's default X.509-SVID TTL).</value>
    public TimeSpan SvidLifetime { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Gets an existing CA to issue from (not owned by the server: several servers, e.g. the meshes of one machine, may
    /// share it so that their workloads trust each other); a new one for <see cref="TrustDomain"/> when null.
    /// </summary>
    public Nsm.Sdk.Spiffe.DevCertificateAuthority? Authority { get; init; }

    /// <summary>Gets how callers are mapped to SPIFFE IDs.</summary>
    /// <value>The default is <see cref="ProcCallerResolver"/>.</value>
    public ICallerResolver CallerResolver { get; init; } = new ProcCallerResolver();

    /// <summary>Throws when a value is out of range.</summary>
    /// <exception cref="ArgumentException">A value is missing or out of range.</exception>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(SocketPath, nameof(SocketPath));
        ArgumentException.ThrowIfNullOrEmpty(TrustDomain, nameof(TrustDomain));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(SvidLifetime, TimeSpan.Zero, nameof(SvidLifetime));
        ArgumentNullException.ThrowIfNull(CallerResolver, nameof(CallerResolver));
        if (Authority is not null && Authority.TrustDomain.TrustDomain != TrustDomain)
        {
            throw new ArgumentException($"the CA is for {Authority.TrustDomain}, not spiffe://{TrustDomain}", nameof(Authority));
        }

        if (!Nsm.Sdk.Tokens.SpiffeId.TryParse("spiffe://" + TrustDomain, out var id) || id.Path.Length != 0)
        {
            throw new ArgumentException($"'{TrustDomain}' is not a trust domain name", nameof(TrustDomain));
        }
    }
}
