using Nsm.Sdk.Tokens;

namespace Nsm.Sdk.Authorization;

/// <summary>
/// <c>common/tokens_chained</c>: fewer than two segments, or for every adjacent pair (i, i+1) the <c>aud</c> of token i
/// contains the <c>sub</c> of token i+1.
/// </summary>
/// <remarks>
/// A token that does not decode, or a next token without a string <c>sub</c>, breaks the chain. A string <c>aud</c> is
/// treated as a one-element array (Go components always write arrays).
/// </remarks>
public sealed class TokensChainedPolicy : IAuthorizationPolicy<IPathAuthorizationInput>
{
    /// <inheritdoc />
    public string Name => PolicyNames.TokensChained;

    /// <inheritdoc />
    public bool IsValid(IPathAuthorizationInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var segments = input.PathSegments;
        for (var i = 0; i + 1 < segments.Count; i++)
        {
            if (!Jwt.TryParse(segments[i].Token, out var current)
                || !Jwt.TryParse(segments[i + 1].Token, out var next)
                || !current.Claims.HasAudience(next.Claims.Subject))
            {
                return false;
            }
        }

        return true;
    }
}
