using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Nsm.Sdk.Tokens;

namespace Nsm.Sdk.Authorization;

/// <summary>The authenticated TLS peer (upstream input <c>auth_info.certificate</c>), used by the signature policies.</summary>
/// <remarks>
/// Holds the peer's leaf certificate, or just its public key when the caller already has it. Neither is owned:
/// the caller keeps them alive for as long as the instance is used.
/// </remarks>
public sealed class PeerAuthInfo
{
    private PeerAuthInfo(X509Certificate2? certificate, ECDsa? publicKey)
    {
        Certificate = certificate;
        PublicKey = publicKey;
    }

    /// <summary>Gets the peer's leaf certificate, if known.</summary>
    public X509Certificate2? Certificate { get; }

    /// <summary>Gets the peer's public key when given directly instead of a certificate.</summary>
    public ECDsa? PublicKey { get; }

    /// <summary>Describes a peer by its TLS leaf certificate.</summary>
    /// <param name="certificate">The certificate.</param>
    /// <returns>The peer.</returns>
    public static PeerAuthInfo FromCertificate(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return new PeerAuthInfo(certificate, null);
    }

    /// <summary>Describes a peer by its EC P-256 public key.</summary>
    /// <param name="publicKey">The key.</param>
    /// <returns>The peer.</returns>
    public static PeerAuthInfo FromPublicKey(ECDsa publicKey)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        return new PeerAuthInfo(null, publicKey);
    }

    /// <summary>Checks that <paramref name="token"/> is an ES256 JWT signed by this peer (signature only).</summary>
    /// <param name="token">The compact token.</param>
    /// <returns><see langword="false"/> when the token does not decode, or the signature does not verify.</returns>
    public bool VerifyEs256(string? token)
    {
        if (!Jwt.TryParse(token, out var jwt))
        {
            return false;
        }

        if (PublicKey is not null)
        {
            return JwtVerifier.VerifyEs256(jwt, PublicKey);
        }

        return Certificate is not null && JwtVerifier.VerifyEs256(jwt, Certificate);
    }
}
