using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Nsm.Sdk.Tokens;

/// <summary>Checks JWT signatures. Only the signature is checked: expiry and audience are policy matters.</summary>
/// <remarks>
/// This matches OPA's <c>io.jwt.verify_es256</c> as used by <c>prev_token_signed</c>/<c>next_token_signed</c>. In
/// addition, the <c>alg</c> header must name the algorithm being verified, so no algorithm confusion is possible.
/// </remarks>
public static class JwtVerifier
{
    private const int Es256SignatureLength = 64;

    /// <summary>Verifies an ES256 signature with an EC P-256 public key.</summary>
    /// <param name="jwt">The decoded token.</param>
    /// <param name="publicKey">The signer's public key.</param>
    /// <returns><see langword="true"/> when the header says ES256 and the signature verifies.</returns>
    public static bool VerifyEs256(Jwt jwt, ECDsa publicKey)
    {
        ArgumentNullException.ThrowIfNull(jwt);
        ArgumentNullException.ThrowIfNull(publicKey);
        if (!string.Equals(jwt.Algorithm, JwtAlgorithms.ES256, StringComparison.Ordinal)
            || jwt.Signature.Length != Es256SignatureLength
            || publicKey.KeySize != 256)
        {
            return false;
        }

        return publicKey.VerifyData(
            jwt.SigningInput, jwt.Signature.Span, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    /// <summary>Verifies an ES256 signature with the EC public key of a certificate.</summary>
    /// <param name="jwt">The decoded token.</param>
    /// <param name="certificate">The signer's certificate, typically the TLS peer's leaf certificate.</param>
    /// <returns><see langword="false"/> also when the certificate has no EC P-256 key.</returns>
    public static bool VerifyEs256(Jwt jwt, X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(jwt);
        ArgumentNullException.ThrowIfNull(certificate);
        using var key = certificate.GetECDsaPublicKey();
        return key is not null && VerifyEs256(jwt, key);
    }

    /// <summary>Decodes and verifies an ES256 token string.</summary>
    /// <param name="token">The compact token.</param>
    /// <param name="publicKey">The signer's public key.</param>
    /// <returns><see langword="false"/> when the token does not decode or the signature does not verify.</returns>
    public static bool VerifyEs256(string? token, ECDsa publicKey) =>
        Jwt.TryParse(token, out var jwt) && VerifyEs256(jwt, publicKey);

    /// <summary>Verifies an HS256 signature with a shared secret.</summary>
    /// <param name="jwt">The decoded token.</param>
    /// <param name="secret">The shared secret.</param>
    /// <returns><see langword="true"/> when the header says HS256 and the MAC matches.</returns>
    public static bool VerifyHs256(Jwt jwt, ReadOnlySpan<byte> secret)
    {
        ArgumentNullException.ThrowIfNull(jwt);
        if (!string.Equals(jwt.Algorithm, JwtAlgorithms.HS256, StringComparison.Ordinal))
        {
            return false;
        }

        var expected = HMACSHA256.HashData(secret, jwt.SigningInput);
        return CryptographicOperations.FixedTimeEquals(expected, jwt.Signature.Span);
    }
}
