using System.Collections.Concurrent;

namespace Nsm.Sdk.Tokens;

/// <summary>The token generator of real components (upstream <c>spiffejwt.TokenGeneratorFunc</c>).</summary>
/// <remarks>
/// Tokens are ES256, signed with the current identity's key: <c>sub</c> = own SPIFFE ID, <c>aud</c> = [peer SPIFFE ID]
/// when known, <c>exp</c> = min(now + max lifetime, own certificate NotAfter, peer certificate NotAfter), truncated to
/// whole seconds (the returned expiry equals the token's <c>exp</c>).
/// </remarks>
public sealed class SpiffeJwtTokenGenerator : ITokenGenerator
{
    private const int MaxCachedPeers = 1024;
    private readonly ConcurrentDictionary<string, CachedToken> _cache = new(StringComparer.Ordinal);
    private readonly IIdentityProvider _identityProvider;
    private readonly TimeProvider _timeProvider;

    /// <summary>Initializes a new generator.</summary>
    /// <param name="identityProvider">Supplies the signing identity on each call.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="maxTokenLifetime">The maximum lifetime; defaults to <see cref="TokenDefaults.MaxTokenLifetime"/>.</param>
    public SpiffeJwtTokenGenerator(IIdentityProvider identityProvider, TimeProvider timeProvider, TimeSpan? maxTokenLifetime = null)
    {
        ArgumentNullException.ThrowIfNull(identityProvider);
        ArgumentNullException.ThrowIfNull(timeProvider);
        MaxTokenLifetime = maxTokenLifetime ?? TokenDefaults.MaxTokenLifetime;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MaxTokenLifetime, TimeSpan.Zero, nameof(maxTokenLifetime));
        _identityProvider = identityProvider;
        _timeProvider = timeProvider;
    }

    /// <summary>Gets the maximum token lifetime.</summary>
    /// <value>The default is 10 minutes.</value>
    public TimeSpan MaxTokenLifetime { get; }

    /// <inheritdoc />
    public GeneratedToken GenerateToken(TokenPeer? peer)
    {
        var identity = _identityProvider.GetIdentity(peer?.PresentedCertificate);
        var expiresAt = _timeProvider.GetUtcNow() + MaxTokenLifetime;
        if (identity.NotAfter is { } own && own < expiresAt)
        {
            expiresAt = own;
        }

        if (peer?.NotAfter is { } peerNotAfter && peerNotAfter < expiresAt)
        {
            expiresAt = peerNotAfter;
        }

        expiresAt = NumericDate.Truncate(expiresAt);
        // The claims are the identity, the peer and the expiry in whole seconds: within one second a new signature
        // would say exactly the same, so the last token for this peer is handed out again instead of signing anew.
        var audience = peer?.Id?.ToString();
        var key = audience ?? string.Empty;
        if (_cache.TryGetValue(key, out var cached) && ReferenceEquals(cached.Identity, identity) && cached.Token.ExpiresAt == expiresAt)
        {
            return cached.Token;
        }

        var claims = new JwtClaims
        {
            Subject = identity.Id.ToString(),
            Audience = audience is null ? [] : [audience],
            ExpiresAt = expiresAt,
        };
        var token = new GeneratedToken(JwtEncoder.CreateEs256(claims, identity.Key), expiresAt);
        if (_cache.Count >= MaxCachedPeers)
        {
            _cache.Clear();
        }

        _cache[key] = new CachedToken(identity, token);
        return token;
    }

    private sealed record CachedToken(NsmIdentity Identity, GeneratedToken Token);
}
