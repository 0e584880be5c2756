using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;

namespace Nsm.Sdk.Tokens;

/// <summary>A decoded compact JWT (JWS compact serialization). Decoding never checks the signature.</summary>
/// <remarks>
/// This is what OPA's <c>io.jwt.decode</c> accepts: three dot-separated base64url parts whose first two decode to
/// JSON objects. Use <see cref="JwtVerifier"/> to check the signature.
/// </remarks>
public sealed class Jwt
{
    private Jwt(string raw, string? algorithm, JwtClaims claims, JsonElement header, JsonElement payload, byte[] signature)
    {
        RawToken = raw;
        Algorithm = algorithm;
        Claims = claims;
        Header = header;
        Payload = payload;
        Signature = signature;
    }

    /// <summary>Gets the compact token as parsed.</summary>
    public string RawToken { get; }

    /// <summary>Gets the <c>alg</c> header, or <see langword="null"/> when absent or not a string.</summary>
    public string? Algorithm { get; }

    /// <summary>Gets the registered claims read from the payload.</summary>
    public JwtClaims Claims { get; }

    /// <summary>Gets the whole JOSE header object.</summary>
    public JsonElement Header { get; }

    /// <summary>Gets the whole claims object, including claims not modelled by <see cref="JwtClaims"/>.</summary>
    public JsonElement Payload { get; }

    /// <summary>Gets the decoded signature bytes (empty for an unsecured token).</summary>
    public ReadOnlyMemory<byte> Signature { get; }

    /// <summary>Gets the JWS signing input, <c>base64url(header) "." base64url(claims)</c>, as ASCII bytes.</summary>
    internal byte[] SigningInput => Encoding.ASCII.GetBytes(RawToken[..RawToken.LastIndexOf('.')]);

    /// <summary>Decodes a compact JWT without verifying it.</summary>
    /// <param name="token">The compact token.</param>
    /// <returns>The decoded token.</returns>
    /// <exception cref="JwtFormatException">The value is not a compact JWT.</exception>
    public static Jwt Parse(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return TryParse(token, out var jwt, out var error) ? jwt : throw new JwtFormatException(error);
    }

    /// <summary>Decodes a compact JWT without verifying it.</summary>
    /// <param name="token">The compact token, possibly <see langword="null"/> or empty.</param>
    /// <param name="jwt">The decoded token when the method returns <see langword="true"/>.</param>
    /// <returns><see langword="true"/> when <paramref name="token"/> is a syntactically valid compact JWT.</returns>
    public static bool TryParse([NotNullWhen(true)] string? token, [NotNullWhen(true)] out Jwt? jwt) =>
        TryParse(token, out jwt, out _);

    /// <summary>Reads the <c>sub</c> claim of an unverified token as a SPIFFE ID.</summary>
    /// <param name="token">The compact token.</param>
    /// <param name="id">The subject when the method returns <see langword="true"/>.</param>
    /// <returns><see langword="true"/> when the token decodes and <c>sub</c> is a string holding a valid SPIFFE ID.</returns>
    /// <remarks>This is the rule registry <c>updatepath</c> applies to its own and the peer's token (wire.md §4.1).</remarks>
    public static bool TryGetSpiffeSubject([NotNullWhen(true)] string? token, [NotNullWhen(true)] out SpiffeId? id)
    {
        id = null;
        return TryParse(token, out var jwt) && SpiffeId.TryParse(jwt.Claims.Subject, out id);
    }

    private static bool TryParse(string? token, [NotNullWhen(true)] out Jwt? jwt, out string error)
    {
        jwt = null;
        if (string.IsNullOrEmpty(token))
        {
            error = "The token is empty.";
            return false;
        }

        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            error = "A compact JWT has exactly three dot-separated parts.";
            return false;
        }

        if (!JwtBase64.TryDecode(parts[0], out var headerBytes)
            || !JwtBase64.TryDecode(parts[1], out var payloadBytes)
            || !JwtBase64.TryDecode(parts[2], out var signature))
        {
            error = "A JWT part is not base64url.";
            return false;
        }

        if (!TryReadObject(headerBytes, out var header) || !TryReadObject(payloadBytes, out var payload))
        {
            error = "The JWT header or claims are not a JSON object.";
            return false;
        }

        var algorithm = header.TryGetProperty("alg", out var alg) && alg.ValueKind == JsonValueKind.String ? alg.GetString() : null;
        jwt = new Jwt(token, algorithm, JwtClaimsReader.Read(payload), header, payload, signature);
        error = string.Empty;
        return true;
    }

    private static bool TryReadObject(byte[] utf8, out JsonElement element)
    {
        element = default;
        try
        {
            using var document = JsonDocument.Parse(utf8);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            element = document.RootElement.Clone();
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
