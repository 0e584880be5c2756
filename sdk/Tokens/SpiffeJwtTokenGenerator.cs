namespace Nsm.Sdk.Tokens;

/// <summary>The token generator of real components (upstream <c>spiffejwt.TokenGeneratorFunc</c>).</summary>
/// <remarks>
/// Tokens are ES256, signed with the current identity's key: <c>sub</c> = own SPIFFE ID, <c>aud</c> = [peer SPIFFE ID]
/// when known, <c>exp</c> = min(now + max lifetime, own certificate NotAfter, peer certificate NotAfter), truncated to
/// whole seconds (the returned expiry equals the token's <c>exp</c>).
/// </remarks>
public sealed class SpiffeJwtTokenGenerator : ITokenGenerator
{
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
        var identity = _identityProvider.GetIdentity();
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
        var claims = new JwtClaims
        {
            Subject = identity.Id.ToString(),
            Audience = peer?.Id is { } peerId ? [peerId.ToString()] : [],
            ExpiresAt = expiresAt,
        };
        return new GeneratedToken(JwtEncoder.CreateEs256(claims, identity.Key), expiresAt);
    }
}
