using System.Net;

namespace Nsm.Sdk.Api;

/// <summary>Strict IP text parsing shared by the helpers (no zone ids, no port, no surrounding blanks).</summary>
internal static class IpText
{
    public static IPAddress? ParseOrNull(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Contains('%', StringComparison.Ordinal) || value.Contains('[', StringComparison.Ordinal))
        {
            return null;
        }

        // IPAddress.TryParse accepts shorthand forms such as "1" or "1.2"; Go's parser wants four dotted parts.
        if (!value.Contains(':', StringComparison.Ordinal) && value.Split('.').Length != 4)
        {
            return null;
        }

        return IPAddress.TryParse(value, out var ip) ? ip : null;
    }
}
