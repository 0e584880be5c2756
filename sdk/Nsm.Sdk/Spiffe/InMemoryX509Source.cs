using Nsm.Sdk.Tokens;

namespace Nsm.Sdk.Spiffe;

/// <summary>An <see cref="IX509Source"/> whose SVID and bundles are set by its owner (tests, a development identity provider, the Workload API client).</summary>
/// <remarks>The set before the current one is kept alive; the one before that is disposed on <see cref="Set"/>.</remarks>
public sealed class InMemoryX509Source : IX509Source, IDisposable
{
    private readonly Lock _lock = new();
    private volatile State _state;
    private State? _previous;

    /// <summary>Initializes a new source.</summary>
    /// <param name="svid">The first SVID; ownership passes to the source.</param>
    /// <param name="bundles">The first bundles; ownership passes to the source.</param>
    public InMemoryX509Source(X509Svid svid, X509BundleSet bundles)
    {
        ArgumentNullException.ThrowIfNull(svid);
        ArgumentNullException.ThrowIfNull(bundles);
        _state = new State(svid, bundles);
    }

    /// <inheritdoc />
    public event EventHandler? Updated;

    /// <inheritdoc />
    public X509Svid Svid => _state.Svid;

    /// <inheritdoc />
    public X509BundleSet Bundles => _state.Bundles;

    /// <inheritdoc />
    public NsmIdentity GetIdentity() => _state.Svid.Identity;

    /// <inheritdoc />
    public NsmIdentity GetIdentity(System.Security.Cryptography.X509Certificates.X509Certificate2? presented)
    {
        var previous = _previous;
        return presented is not null && previous is not null && previous.Svid.Certificate.RawDataMemory.Span.SequenceEqual(presented.RawDataMemory.Span)
            ? previous.Svid.Identity
            : _state.Svid.Identity;
    }

    /// <summary>Replaces the SVID and bundles, then raises <see cref="Updated"/>.</summary>
    /// <param name="svid">The new SVID; ownership passes to the source.</param>
    /// <param name="bundles">The new bundles; ownership passes to the source.</param>
    public void Set(X509Svid svid, X509BundleSet bundles)
    {
        ArgumentNullException.ThrowIfNull(svid);
        ArgumentNullException.ThrowIfNull(bundles);
        lock (_lock)
        {
            _previous?.Dispose();
            _previous = _state;
            _state = new State(svid, bundles);
        }

        Updated?.Invoke(this, EventArgs.Empty);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_lock)
        {
            _previous?.Dispose();
            _state.Dispose();
        }
    }

    private sealed record State(X509Svid Svid, X509BundleSet Bundles) : IDisposable
    {
        public void Dispose()
        {
            Svid.Dispose();
            Bundles.Dispose();
        }
    }
}
