using Nsm.Sdk.Builder;
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
    /// insecure transport. With mTLS use <see cref="ForSecurity"/>: without the server's ID <c>tokens_chained</c>
    /// fails at the next hop.
    /// </value>
    public Func<NsmContext, ValueTask<TokenPeer?>>? ServerPeer { get; set; }

    /// <summary>Creates options with a fixed server peer.</summary>
    /// <param name="serverPeer">The server the calls go to.</param>
    /// <returns>The options.</returns>
    public static ClientTokenOptions ForPeer(TokenPeer? serverPeer) => new() { ServerPeer = _ => ValueTask.FromResult(serverPeer) };

    /// <summary>
    /// Creates options whose server peer is the TLS server at the call's <see cref="NsmContext.ClientUrl"/> (handshaking
    /// with it first when it was never seen); no peer without <paramref name="security"/>.
    /// </summary>
    /// <param name="security">The component's security, or <see langword="null"/> for plaintext.</param>
    /// <returns>The options.</returns>
    public static ClientTokenOptions ForSecurity(NsmSecurity? security) => security is null ? new() : new()
    {
        ServerPeer = async context => context.ClientUrl is { } url
            && await security.GetServerCertificateAsync(url, context.CancellationToken).ConfigureAwait(false) is { } certificate
            ? TokenPeer.FromCertificate(certificate) with { PresentedCertificate = security.PresentedCertificate(url) }
            : null,
    };
}
