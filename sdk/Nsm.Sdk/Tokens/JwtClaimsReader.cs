using System.Text.Json;

namespace Nsm.Sdk.Tokens;

/// <summary>Reads <see cref="JwtClaims"/> leniently from a claims object: wrong-typed claims read as absent.</summary>
internal static class JwtClaimsReader
{
    public static JwtClaims Read(JsonElement payload) => new()
    {
        Subject = payload.TryGetProperty("sub", out var sub) && sub.ValueKind == JsonValueKind.String ? sub.GetString() : null,
        Audience = ReadAudience(payload),
        ExpiresAt = ReadNumericDate(payload, "exp"),
        IssuedAt = ReadNumericDate(payload, "iat"),
    };

    private static string[] ReadAudience(JsonElement payload)
    {
        if (!payload.TryGetProperty("aud", out var aud))
        {
            return [];
        }

        return aud.ValueKind switch
        {
            JsonValueKind.String => [aud.GetString()!],
            JsonValueKind.Array => aud.EnumerateArray()
                .Where(e => e.ValueKind == JsonValueKind.String)
                .Select(e => e.GetString()!)
                .ToArray(),
            _ => [],
        };
    }

    private static DateTimeOffset? ReadNumericDate(JsonElement payload, string name) =>
        payload.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var seconds)
            ? NumericDate.FromSeconds(seconds)
            : null;
}
