using System.Security.Cryptography.X509Certificates;

namespace Nsm.Sdk.Tokens;

/// <summary>What a token generator needs to know about the peer a token is minted for.</summary>
/// <param name="Id">The peer's SPIFFE ID, written as <c>aud</c>; <see langword="null"/> when unknown.</param>
/// <param name="NotAfter">The end of the peer certificate's validity, which caps the token's expiry.</param>
public sealed record TokenPeer(SpiffeId? Id, DateTimeOffset? NotAfter)
{
    /// <summary>Describes a TLS peer by its leaf certificate (the server's on a client, the client's on a server).</summary>
    /// <param name="certificate">The peer's certificate.</param>
    /// <returns>A peer whose <see cref="Id"/> is the certificate's SPIFFE ID, if it has one.</returns>
    public static TokenPeer FromCertificate(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        SpiffeCertificate.TryGetSpiffeId(certificate, out var id);
        return new TokenPeer(id, new DateTimeOffset(certificate.NotAfter.ToUniversalTime()));
    }
}
