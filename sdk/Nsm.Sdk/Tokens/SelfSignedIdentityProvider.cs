using System.Security.Cryptography.X509Certificates;

namespace Nsm.Sdk.Tokens;

/// <summary>
/// A self-signed identity that renews itself: a fresh P-256 key and certificate once half of the current
/// certificate's lifetime has passed, so the identity handed out always has at least half a lifetime left.
/// </summary>
/// <remarks>
/// <para>Renewal is driven by the clock passed in, checked on each <see cref="GetIdentity"/>: no timer runs. The
/// caller that finds the identity due renews it; concurrent callers keep using the current one while it is still
/// valid, so no token generation waits for a key to be made.</para>
/// <para>The SPIFFE ID never changes, so <c>sub</c>/<c>aud</c> chaining and <c>client_allowed</c> are unaffected by a
/// renewal. The previous identity is kept until the next renewal: tokens it signed (which expire well before it
/// does) still verify in-process through <see cref="GetTrustedCertificates"/>.</para>
/// </remarks>
public sealed class SelfSignedIdentityProvider : IIdentityProvider, IDisposable
{
    private readonly Lock _renewLock = new();
    private readonly TimeProvider _clock;
    private volatile State _state;
    private NsmIdentity? _retired;
    private int _renewals;

    /// <summary>Creates the provider and its first identity.</summary>
    /// <param name="id">The SPIFFE ID of every identity.</param>
    /// <param name="clock">The clock that dates the certificates and decides when to renew.</param>
    /// <param name="certificateLifetime">The lifetime of each certificate; renewal happens at half of it.</param>
    public SelfSignedIdentityProvider(SpiffeId id, TimeProvider clock, TimeSpan certificateLifetime)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(certificateLifetime, TimeSpan.Zero);
        Id = id;
        _clock = clock;
        CertificateLifetime = certificateLifetime;
        _state = Create(null);
    }

    /// <summary>Gets the SPIFFE ID.</summary>
    public SpiffeId Id { get; }

    /// <summary>Gets the lifetime of each certificate.</summary>
    public TimeSpan CertificateLifetime { get; }

    /// <summary>Gets how many times the identity has been renewed.</summary>
    public int Renewals => Volatile.Read(ref _renewals);

    /// <summary>Gets when the current identity is renewed (at the first <see cref="GetIdentity"/> from then on).</summary>
    public DateTimeOffset RenewAt => _state.RenewAt;

    /// <inheritdoc />
    public NsmIdentity GetIdentity()
    {
        var state = _state;
        var now = _clock.GetUtcNow();
        if (now < state.RenewAt)
        {
            return state.Current;
        }

        if (_renewLock.TryEnter())
        {
            try
            {
                return Renew(now);
            }
            finally
            {
                _renewLock.Exit();
            }
        }

        // Another caller is renewing: the current identity still serves unless it has run out (a long idle period).
        if (now < state.Current.NotAfter)
        {
            return state.Current;
        }

        lock (_renewLock)
        {
            return Renew(now);
        }
    }

    /// <summary>
    /// Gets the certificates a token minted by this provider may be verified with: the current one and the previous
    /// one while it is still valid.
    /// </summary>
    /// <returns>The current certificate first.</returns>
    public IReadOnlyList<X509Certificate2> GetTrustedCertificates()
    {
        var state = _state;
        var now = _clock.GetUtcNow();
        return state.Previous is { } previous && now < previous.NotAfter
            ? [state.Current.Certificate!, previous.Certificate!]
            : [state.Current.Certificate!];
    }

    /// <summary>Releases the keys and certificates.</summary>
    public void Dispose()
    {
        lock (_renewLock)
        {
            _retired?.Dispose();
            _state.Previous?.Dispose();
            _state.Current.Dispose();
        }
    }

    private NsmIdentity Renew(DateTimeOffset now)
    {
        var state = _state;
        if (now < state.RenewAt)
        {
            return state.Current; // renewed while this caller waited
        }

        // Disposed only three renewals on: it stopped being current at least a whole lifetime ago.
        _retired?.Dispose();
        _retired = state.Previous;
        _state = Create(state.Current);
        Interlocked.Increment(ref _renewals);
        return _state.Current;
    }

    private State Create(NsmIdentity? previous)
    {
        var identity = NsmIdentity.CreateSelfSigned(Id, _clock, CertificateLifetime);
        return new State(identity, previous, _clock.GetUtcNow() + (CertificateLifetime / 2));
    }

    private sealed record State(NsmIdentity Current, NsmIdentity? Previous, DateTimeOffset RenewAt);
}
