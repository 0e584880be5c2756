using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Nsm.Sdk.Tokens;

/// <summary>Creates signed compact JWTs.</summary>
public static class JwtEncoder
{
    /// <summary>Signs <paramref name="claims"/> as an ES256 JWT (IEEE P1363 r‖s signature, as JWS requires).</summary>
    /// <param name="claims">The claims to write.</param>
    /// <param name="privateKey">An EC P-256 private key.</param>
    /// <returns>The compact token.</returns>
    /// <exception cref="ArgumentException"><paramref name="privateKey"/> is not a P-256 key.</exception>
    public static string CreateEs256(JwtClaims claims, ECDsa privateKey)
    {
        ArgumentNullException.ThrowIfNull(claims);
        ArgumentNullException.ThrowIfNull(privateKey);
        if (privateKey.KeySize != 256)
        {
            throw new ArgumentException("ES256 requires an EC P-256 key.", nameof(privateKey));
        }

        var signingInput = SigningInput(JwtAlgorithms.ES256, claims);
        var signature = privateKey.SignData(
            Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return signingInput + "." + JwtBase64.Encode(signature);
    }

    /// <summary>Signs <paramref name="claims"/> as an HS256 JWT.</summary>
    /// <param name="claims">The claims to write.</param>
    /// <param name="secret">The shared secret, e.g. the UTF-8 bytes of <c>supersecret</c> for the upstream sandbox.</param>
    /// <returns>The compact token.</returns>
    public static string CreateHs256(JwtClaims claims, ReadOnlySpan<byte> secret)
    {
        ArgumentNullException.ThrowIfNull(claims);
        var signingInput = SigningInput(JwtAlgorithms.HS256, claims);
        var signature = HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(signingInput));
        return signingInput + "." + JwtBase64.Encode(signature);
    }

    private static string SigningInput(string algorithm, JwtClaims claims) =>
        JwtBase64.Encode(Header(algorithm)) + "." + JwtBase64.Encode(Payload(claims));

    private static byte[] Header(string algorithm)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("alg", algorithm);
            writer.WriteString("typ", "JWT");
            writer.WriteEndObject();
        }

        return stream.ToArray();
    }

    private static byte[] Payload(JwtClaims claims)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            if (claims.Subject is not null)
            {
                writer.WriteString("sub", claims.Subject);
            }

            if (claims.Audience.Count > 0)
            {
                writer.WriteStartArray("aud");
                foreach (var audience in claims.Audience)
                {
                    writer.WriteStringValue(audience);
                }

                writer.WriteEndArray();
            }

            if (claims.ExpiresAt is { } exp)
            {
                writer.WriteNumber("exp", NumericDate.ToSeconds(exp));
            }

            if (claims.IssuedAt is { } iat)
            {
                writer.WriteNumber("iat", NumericDate.ToSeconds(iat));
            }

            writer.WriteEndObject();
        }

        return stream.ToArray();
    }
}
