using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Nsm.Sdk.Kernel.Netlink;

/// <summary>
/// An inclusive port range for policy rules (<c>sport</c>/<c>dport</c>). The netlink layer's own wire-level type:
/// Nsm.Netlink depends on nothing of NSM, so it cannot use the SDK's <c>Nsm.Sdk.Api.PortRange</c>; both parse a
/// non-empty text by the same rules (a test runs one input table through both).
/// </summary>
/// <param name="Start">The first port.</param>
/// <param name="End">The last port.</param>
public readonly record struct PortRange(ushort Start, ushort End)
{
    /// <summary>A single port.</summary>
    /// <param name="port">The port.</param>
    public static PortRange Of(ushort port) => new(port, port);

    /// <summary>Parses <c>80</c> or <c>6667-6670</c> (the NSM policy route format).</summary>
    /// <param name="text">The text.</param>
    public static PortRange Parse(string text) =>
        TryParse(text, out var r) ? r : throw new FormatException($"'{text}' is not a port or port range (like 80 or 6667-6670)");

    /// <summary>
    /// Tries to parse <c>80</c> or <c>6667-6670</c>: one or two ASCII-digit uint16 numbers (no signs or spaces), the
    /// second not below the first. An empty text is not a range (the SDK's parser reads it as "no range").
    /// </summary>
    /// <param name="text">The text.</param>
    /// <param name="range">The parsed range.</param>
    public static bool TryParse([NotNullWhen(true)] string? text, out PortRange range)
    {
        range = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var dash = text.IndexOf('-', StringComparison.Ordinal);
        var first = dash < 0 ? text.AsSpan() : text.AsSpan(0, dash);
        var last = dash < 0 ? first : text.AsSpan(dash + 1);
        if (!ushort.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var a)
            || !ushort.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var b) || b < a)
        {
            return false;
        }

        range = new PortRange(a, b);
        return true;
    }

    /// <inheritdoc/>
    public override string ToString() => Start == End ? Start.ToString(CultureInfo.InvariantCulture) : $"{Start}-{End}";
}
