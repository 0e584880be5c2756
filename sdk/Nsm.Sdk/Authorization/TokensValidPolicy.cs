using Nsm.Sdk.Tokens;

namespace Nsm.Sdk.Authorization;

/// <summary><c>common/tokens_valid</c>: the path has no segments, or every segment token decodes as a JWT.</summary>
/// <remarks>Syntactic only: no signature, expiry or claim check.</remarks>
public sealed class TokensValidPolicy : IAuthorizationPolicy<IPathAuthorizationInput>
{
    /// <inheritdoc />
    public string Name => PolicyNames.TokensValid;

    /// <inheritdoc />
    public bool IsValid(IPathAuthorizationInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.PathSegments.All(s => Jwt.TryParse(s.Token, out _));
    }
}
