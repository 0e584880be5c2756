using System.Globalization;

namespace Nsm.Sdk.Api;

/// <summary>The SDK's one port range: an inclusive range from <see cref="Nsm.Api.NetworkService.PolicyRoute"/> <c>src_port</c>/<c>dst_port</c>.</summary>
/// <param name="Start">First port.</param>
/// <param name="End">Last port.</param>
public readonly record struct PortRange(ushort Start, ushort End)
{
    /// <summary>
    /// Parses <c>""</c> (no range: returns true with a null result), <c>"N"</c> (N..N) or <c>"A-B"</c> (A..B).
    /// More than one <c>-</c>, a number that is not a uint16 (ASCII digits only, no sign or space) or an end below the
    /// start is an error (returns false). The netlink layer's <c>Nsm.Sdk.Kernel.Netlink.PortRange</c> parses a
    /// non-empty text by the same rules.
    /// </summary>
    /// <param name="value">The text.</param>
    /// <param name="range">The range, or null for "no range".</param>
    public static bool TryParse(string? value, out PortRange? range)
    {
        range = null;
        if (string.IsNullOrEmpty(value))
        {
            return true;
        }

        var parts = value.Split('-');
        if (parts.Length > 2)
        {
            return false;
        }

        if (!TryPort(parts[0], out var start))
        {
            return false;
        }

        var end = start;
        if ((parts.Length == 2 && !TryPort(parts[1], out end)) || end < start)
        {
            return false;
        }

        range = new PortRange(start, end);
        return true;
    }

    /// <summary>Like <see cref="TryParse"/>, but throws <see cref="FormatException"/> on an error.</summary>
    /// <param name="value">The text.</param>
    public static PortRange? Parse(string? value) =>
        TryParse(value, out var range) ? range : throw new FormatException($"invalid port range '{value}'");

    /// <summary>Formats as <c>"N"</c> or <c>"A-B"</c>.</summary>
    public override string ToString() => Start == End
        ? Start.ToString(CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{Start}-{End}");

    private static bool TryPort(string text, out ushort port)
    {
        port = 0;
        return text.Length > 0 && text.All(char.IsAsciiDigit)
            && ushort.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port);
    }
}
