using Nsm.Sdk.Tokens;

namespace Nsm.Sdk.Spiffe;

/// <summary>An <see cref="IX509Source"/> whose SVID and bundles are set by its owner (tests, a development identity provider, the Workload API client).</summary>
/// <remarks>
/// Earlier SVIDs stay alive until they expire (at least the one before the current): a connection keeps the
/// certificate of its handshake, and <see cref="GetIdentity(System.Security.Cryptography.X509Certificates.X509Certificate2?)"/>
/// signs with the key of the certificate a connection presented for as long as that certificate is valid.
/// </remarks>
public sealed class InMemoryX509Source : IX509Source, IDisposable
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _clock;
    private volatile State _state;
    private volatile State[] _earlier = [];

    /// <summary>Initializes a new source.</summary>
    /// <param name="svid">The first SVID; ownership passes to the source.</param>
    /// <param name="bundles">The first bundles; ownership passes to the source.</param>
    /// <param name="clock">The clock that says when an earlier SVID expired; the system clock when <see langword="null"/>.</param>
    public InMemoryX509Source(X509Svid svid, X509BundleSet bundles, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(svid);
        ArgumentNullException.ThrowIfNull(bundles);
        _state = new State(svid, bundles);
        _clock = clock ?? TimeProvider.System;
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
        if (presented is not null)
        {
            foreach (var earlier in _earlier)
            {
                if (earlier.Presents(presented))
                {
                    return earlier.Svid.Identity;
                }
            }
        }

        return _state.Svid.Identity;
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
            var now = _clock.GetUtcNow();
            var previous = _state;
            var kept = _earlier.Where(s => s.Svid.NotAfter > now).ToArray();
            foreach (var expired in _earlier.Except(kept))
            {
                expired.Dispose();
            }

            _earlier = [previous, .. kept];
            _state = new State(svid, bundles);
        }

        Updated?.Invoke(this, EventArgs.Empty);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var earlier in _earlier)
            {
                earlier.Dispose();
            }

            _earlier = [];
            _state.Dispose();
        }
    }

    private sealed record State(X509Svid Svid, X509BundleSet Bundles) : IDisposable
    {
        private readonly byte[] _raw = Svid.Certificate.RawData;

        public bool Presents(System.Security.Cryptography.X509Certificates.X509Certificate2 presented)
        {
            if (ReferenceEquals(presented, Svid.Certificate))
            {
                return true;
            }

            try
            {
                return presented.RawDataMemory.Span.SequenceEqual(_raw);
            }
            catch (System.Security.Cryptography.CryptographicException)
            {
                return false; // a certificate disposed by its owner
            }
        }

        public void Dispose()
        {
            Svid.Dispose();
            Bundles.Dispose();
        }
    }
}
