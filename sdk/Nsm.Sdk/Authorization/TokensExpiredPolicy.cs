using Nsm.Sdk.Tokens;

namespace Nsm.Sdk.Authorization;

/// <summary><c>common/tokens_expired</c>: every checked segment token has <c>exp</c> &gt; now (none is expired).</summary>
/// <remarks>
/// Vacuously true without segments. A token that does not decode or has no numeric <c>exp</c> fails, as in the rego
/// policy. Which segments are checked is set by <see cref="Scope"/>.
/// </remarks>
/// <param name="timeProvider">The clock that gives "now".</param>
/// <param name="scope">Which segments to check; defaults to <see cref="TokenExpiryScope.AllSegments"/>.</param>
public sealed class TokensExpiredPolicy(TimeProvider timeProvider, TokenExpiryScope scope = TokenExpiryScope.AllSegments)
    : IAuthorizationPolicy<IPathAuthorizationInput>
{
    private readonly TimeProvider _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));

    /// <summary>Gets which segments are checked.</summary>
    public TokenExpiryScope Scope { get; } = scope;

    /// <inheritdoc />
    public string Name => PolicyNames.TokensExpired;

    /// <inheritdoc />
    public bool IsValid(IPathAuthorizationInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var now = _timeProvider.GetUtcNow();
        var start = Scope == TokenExpiryScope.FromIndex ? Math.Max(input.Index, 0) : 0;
        return input.PathSegments.Skip(start).All(s => Jwt.TryParse(s.Token, out var jwt) && jwt.Claims.ExpiresAt > now);
    }
}
