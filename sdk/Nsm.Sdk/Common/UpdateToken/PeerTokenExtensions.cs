using Nsm.Sdk.Core;
using Nsm.Sdk.Tokens;

namespace Nsm.Sdk.Common.UpdateToken;

/// <summary>Describes the caller of a server call as the peer a token is minted for.</summary>
public static class PeerTokenExtensions
{
    /// <summary>
    /// Gets the <see cref="TokenPeer"/> for the caller: from its TLS certificate when known, else from its SPIFFE ID,
    /// else <see langword="null"/> (no <c>aud</c>, as upstream over insecure transport).
    /// </summary>
    /// <param name="peer">The caller, or <see langword="null"/> for an in-process call.</param>
    /// <returns>The token peer, or <see langword="null"/>.</returns>
    public static TokenPeer? ToTokenPeer(this PeerInfo? peer)
    {
        if (peer?.Certificate is { } certificate)
        {
            return TokenPeer.FromCertificate(certificate) with { PresentedCertificate = peer.LocalCertificate };
        }

        return SpiffeId.TryParse(peer?.SpiffeId, out var id) ? new TokenPeer(id, null) : null;
    }
}
