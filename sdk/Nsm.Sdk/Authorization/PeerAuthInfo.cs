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
    private readonly IReadOnlyList<X509Certificate2> _alsoTrusted;

    private PeerAuthInfo(X509Certificate2? certificate, ECDsa? publicKey, IReadOnlyList<X509Certificate2>? alsoTrusted = null)
    {
        Certificate = certificate;
        PublicKey = publicKey;
        _alsoTrusted = alsoTrusted ?? [];
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

    /// <summary>
    /// Describes a peer whose identity renews itself and which is verified in-process (no TLS handshake names the key):
    /// a token verifies when any of <paramref name="certificates"/> signed it, e.g. the current and the previous ones of
    /// <see cref="SelfSignedIdentityProvider.GetTrustedCertificates"/>, so a renewal does not reject tokens signed a moment before.
    /// </summary>
    /// <param name="certificates">The certificates, the current one first; at least one.</param>
    /// <returns>The peer; <see cref="Certificate"/> is the first certificate.</returns>
    public static PeerAuthInfo FromCertificates(IReadOnlyList<X509Certificate2> certificates)
    {
        ArgumentNullException.ThrowIfNull(certificates);
        ArgumentOutOfRangeException.ThrowIfZero(certificates.Count, nameof(certificates));
        return new PeerAuthInfo(certificates[0], null, [.. certificates.Skip(1)]);
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

        if (Certificate is not null && JwtVerifier.VerifyEs256(jwt, Certificate))
        {
            return true;
        }

        foreach (var certificate in _alsoTrusted)
        {
            if (JwtVerifier.VerifyEs256(jwt, certificate))
            {
                return true;
            }
        }

        return false;
    }
}
