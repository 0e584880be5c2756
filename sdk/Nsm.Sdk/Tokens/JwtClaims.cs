namespace Nsm.Sdk.Tokens;

/// <summary>The registered JWT claims NSM uses: <c>sub</c>, <c>aud</c>, <c>exp</c> and optionally <c>iat</c>.</summary>
/// <remarks>
/// When written, <c>aud</c> is always a JSON array (as Go's <c>jwt.ClaimStrings</c> does) and is omitted when empty;
/// <c>exp</c>/<c>iat</c> are whole-second NumericDates. When read, <c>aud</c> may be a string or an array and
/// NumericDates may be fractional.
/// </remarks>
public sealed record JwtClaims
{
    /// <summary>Gets the <c>sub</c> claim: in NSM the issuer's SPIFFE ID.</summary>
    public string? Subject { get; init; }

    /// <summary>Gets the <c>aud</c> claim values: in NSM the SPIFFE ID of the TLS peer the token was minted for.</summary>
    /// <value>Empty when the claim is absent.</value>
    public IReadOnlyList<string> Audience { get; init; } = [];

    /// <summary>Gets the <c>exp</c> claim, or <see langword="null"/> when absent or not a number.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>Gets the <c>iat</c> claim, or <see langword="null"/> when absent or not a number.</summary>
    public DateTimeOffset? IssuedAt { get; init; }

    /// <summary>Returns whether <see cref="Audience"/> contains <paramref name="value"/> (ordinal comparison).</summary>
    /// <param name="value">The audience to look for, typically a SPIFFE ID.</param>
    /// <returns><see langword="true"/> when one audience value equals <paramref name="value"/>.</returns>
    public bool HasAudience(string? value) =>
        value is not null && Audience.Any(a => string.Equals(a, value, StringComparison.Ordinal));
}
