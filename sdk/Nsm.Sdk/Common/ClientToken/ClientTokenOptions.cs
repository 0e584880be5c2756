using Nsm.Sdk.Core;
using Nsm.Sdk.Tokens;

namespace Nsm.Sdk.Common.ClientToken;

/// <summary>Options of <see cref="ClientTokenClient"/> and the registry client-token elements.</summary>
public sealed class ClientTokenOptions
{
    /// <summary>
    /// Gets or sets how to describe the server the next call goes to (its SPIFFE ID becomes the token's <c>aud</c>,
    /// its certificate's NotAfter caps the expiry).
    /// </summary>
    /// <value>
    /// The default is <see langword="null"/>: tokens are minted for no peer (no <c>aud</c>), as upstream does over
    /// insecure transport. With mTLS, return <see cref="TokenPeer.FromCertificate"/> of the server's certificate;
    /// without it <c>tokens_chained</c> fails at the next hop.
    /// </value>
    public Func<NsmContext, TokenPeer?>? ServerPeer { get; set; }

    /// <summary>Creates a copy with a fixed server peer.</summary>
    /// <param name="serverPeer">The server the calls go to.</param>
    /// <returns>The options.</returns>
    public static ClientTokenOptions ForPeer(TokenPeer? serverPeer) => new() { ServerPeer = _ => serverPeer };
}
