namespace Nsm.Sdk.Authorization;

/// <summary>
/// <c>server/prev_token_signed</c>: <c>index ≥ 1</c> and the token of segment <c>index−1</c> (the caller's) verifies as
/// ES256 with the TLS peer's certificate.
/// </summary>
/// <remarks>Fails without a peer, so it denies every call over insecure transport.</remarks>
public sealed class PrevTokenSignedPolicy : IAuthorizationPolicy<IPathAuthorizationInput>
{
    /// <inheritdoc />
    public string Name => PolicyNames.PrevTokenSigned;

    /// <inheritdoc />
    public bool IsValid(IPathAuthorizationInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var previous = input.Index - 1;
        return previous >= 0
            && previous < input.PathSegments.Count
            && input.Peer is not null
            && input.Peer.VerifyEs256(input.PathSegments[previous].Token);
    }
}
