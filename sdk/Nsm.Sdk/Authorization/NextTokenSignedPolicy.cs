namespace Nsm.Sdk.Authorization;

/// <summary>
/// <c>client/next_token_signed</c>: segment <c>index+1</c> exists and its token (the server's) verifies as ES256 with the
/// TLS peer's (server's) certificate.
/// </summary>
/// <remarks>Fails without a peer, so it denies every call over insecure transport.</remarks>
public sealed class NextTokenSignedPolicy : IAuthorizationPolicy<IPathAuthorizationInput>
{
    /// <inheritdoc />
    public string Name => PolicyNames.NextTokenSigned;

    /// <inheritdoc />
    public bool IsValid(IPathAuthorizationInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var next = input.Index + 1;
        return input.Index >= 0
            && next < input.PathSegments.Count
            && input.Peer is not null
            && input.Peer.VerifyEs256(input.PathSegments[next].Token);
    }
}
