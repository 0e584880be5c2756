using System.Collections.Concurrent;
using Nsm.Sdk.Builder;
using Nsm.Sdk.Hosting.Spiffe;
using Nsm.Sdk.Spiffe;
using Nsm.Sdk.Tokens;

namespace Nsm.Sdk.Testing;

/// <summary>
/// The SPIFFE identities of a secure sandbox domain, as SPIRE would hand them out: each component (registry, nsmgr,
/// forwarder, NSE, NSC) gets its own X.509-SVID <c>spiffe://&lt;trust-domain&gt;/ns/&lt;domain&gt;/pod/&lt;component&gt;</c>
/// from one development CA, on the domain's clock, and serves and dials with <see cref="SpiffeTransportCredentials"/>.
/// </summary>
/// <remarks>A component keeps its identity across restarts (same name, same credentials). Thread-safe.</remarks>
public sealed class SandboxIdentities : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<(InMemoryX509Source Source, SpiffeTransportCredentials Credentials)>> _components = new(StringComparer.Ordinal);
    private readonly bool _ownsAuthority;
    private readonly string _namespace;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _svidLifetime;

    /// <summary>Initializes the identities of a domain.</summary>
    /// <param name="authority">The CA that issues the SVIDs (shared by the domains of one test so that they trust each other).</param>
    /// <param name="ownsAuthority">Whether the CA is disposed with the identities.</param>
    /// <param name="domainName">The domain, the <c>ns</c> segment of the IDs.</param>
    /// <param name="clock">The clock of certificate validity checks (the domain's).</param>
    /// <param name="svidLifetime">How long each SVID is valid from when it is issued.</param>
    public SandboxIdentities(DevCertificateAuthority authority, bool ownsAuthority, string domainName, TimeProvider clock, TimeSpan svidLifetime)
    {
        ArgumentNullException.ThrowIfNull(authority);
        ArgumentException.ThrowIfNullOrWhiteSpace(domainName);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(svidLifetime, TimeSpan.Zero);
        Authority = authority;
        _ownsAuthority = ownsAuthority;
        _namespace = domainName;
        _clock = clock;
        _svidLifetime = svidLifetime;
    }

    /// <summary>Gets the CA that issues the SVIDs.</summary>
    public DevCertificateAuthority Authority { get; }

    /// <summary>The SPIFFE ID of a component of the domain.</summary>
    /// <param name="component">The component's name (e.g. <c>nsmgr-0</c>, <c>nse-1</c>).</param>
    /// <returns><c>spiffe://&lt;trust-domain&gt;/ns/&lt;domain&gt;/pod/&lt;component&gt;</c> (characters a SPIFFE ID does not allow become <c>_</c>).</returns>
    public SpiffeId IdOf(string component) =>
        SpiffeId.Parse($"spiffe://{Authority.TrustDomain.TrustDomain}/ns/{Segment(_namespace)}/pod/{Segment(component)}");

    // A SPIFFE path segment allows letters, digits, '.', '-' and '_': names like "p2mp forwarder" or "nse@domain" map the rest to '_'.
    private static string Segment(string name) =>
        string.Create(name.Length, name, (span, value) =>
        {
            for (var i = 0; i < value.Length; i++)
            {
                var c = value[i];
                span[i] = char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_';
            }
        });

    /// <summary>The transport credentials of a component: its SVID (issued on first use) and the CA's bundle.</summary>
    /// <param name="component">The component's name.</param>
    /// <returns>The credentials; the same object for the same name.</returns>
    public SpiffeTransportCredentials CredentialsOf(string component)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(component);
        return _components.GetOrAdd(component, name => new(() =>
        {
            var source = new InMemoryX509Source(Authority.Issue(IdOf(name), _svidLifetime), Authority.CreateBundleSet(), _clock);
            return (source, new SpiffeTransportCredentials(source, _clock));
        })).Value.Credentials;
    }

    /// <summary>The build context of a component: the domain's clock, its channels over mTLS and its <see cref="NsmSecurity"/>.</summary>
    /// <param name="component">The component's name.</param>
    /// <param name="lifetime">The component's lifetime.</param>
    /// <returns>The context.</returns>
    public NsmBuildContext ContextOf(string component, CancellationToken lifetime = default)
    {
        var credentials = CredentialsOf(component);
        return new NsmBuildContext
        {
            TimeProvider = _clock,
            Lifetime = lifetime,
            ConfigureChannel = credentials.ConfigureChannel,
            Security = credentials.Security,
        };
    }

    /// <summary>A token generator that signs as <paramref name="component"/> (ES256 with its SVID).</summary>
    /// <param name="component">The component's name.</param>
    /// <param name="lifetime">The tokens' lifetime; the default generator's when <see langword="null"/>.</param>
    /// <returns>The generator.</returns>
    public ITokenGenerator TokensOf(string component, TimeSpan? lifetime = null) =>
        new SpiffeJwtTokenGenerator(CredentialsOf(component).Source, _clock, lifetime);

    /// <summary>
    /// Rotates every component's SVID, as a SPIRE agent does at half-life: a new key and certificate from now, valid
    /// for the SVID lifetime; open connections keep the certificates of their handshake.
    /// </summary>
    /// <returns>How many SVIDs were rotated.</returns>
    public int RotateAll()
    {
        var rotated = 0;
        foreach (var (name, component) in _components.Where(c => c.Value.IsValueCreated))
        {
            component.Value.Source.Set(Authority.Issue(IdOf(name), _svidLifetime), Authority.CreateBundleSet());
            rotated++;
        }

        return rotated;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var component in _components.Values.Where(c => c.IsValueCreated))
        {
            component.Value.Source.Dispose();
        }

        _components.Clear();
        if (_ownsAuthority)
        {
            Authority.Dispose();
        }
    }
}
