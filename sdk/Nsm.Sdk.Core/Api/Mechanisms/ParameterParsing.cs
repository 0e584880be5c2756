using System.Globalization;
using System.Net;

namespace Nsm.Sdk.Api.Mechanisms;

/// <summary>Go-compatible parsing of mechanism parameter values.</summary>
internal static class ParameterParsing
{
    /// <summary>Like Go's <c>strconv.ParseUint(s, 10, bits)</c>, returning 0 on any error (empty, non-digit, overflow).</summary>
    public static ulong ParseUnsigned(string? value, int bits)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 20)
        {
            return 0;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiDigit(c))
            {
                return 0;
            }
        }

        if (!ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var result))
        {
            return 0;
        }

        var max = bits >= 64 ? ulong.MaxValue : (1UL << bits) - 1;
        return result <= max ? result : 0;
    }

    /// <summary>Like Go's <c>strconv.ParseBool</c>, returning false on an error.</summary>
    public static bool ParseBool(string? value) => value is "1" or "t" or "T" or "TRUE" or "true" or "True";

    /// <summary>Go's <c>strconv.FormatBool</c>.</summary>
    public static string FormatBool(bool value) => value ? "true" : "false";

    public static string FormatUnsigned(ulong value) => value.ToString(CultureInfo.InvariantCulture);

    public static IPAddress? ParseIP(string? value) => IpText.ParseOrNull(value);
}
