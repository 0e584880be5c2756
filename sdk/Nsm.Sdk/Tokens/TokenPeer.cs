using System.Security.Cryptography.X509Certificates;

namespace Nsm.Sdk.Tokens;

/// <summary>What a token generator needs to know about the peer a token is minted for.</summary>
/// <param name="Id">The peer's SPIFFE ID, written as <c>aud</c>; <see langword="null"/> when unknown.</param>
/// <param name="NotAfter">The end of the peer certificate's validity, which caps the token's expiry.</param>
public sealed record TokenPeer(SpiffeId? Id, DateTimeOffset? NotAfter)
{
    /// <summary>
    /// Gets the certificate this side presented to the peer in the TLS handshake of the connection the token travels
    /// on, or <see langword="null"/> when unknown. The peer verifies the token's signature with that certificate, which
    /// an SVID rotation does not change on an open connection: tokens for it are signed with that SVID's key while the
    /// identity provider still holds it (<see cref="IIdentityProvider.GetIdentity(X509Certificate2?)"/>).
    /// </summary>
    public X509Certificate2? PresentedCertificate { get; init; }

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
