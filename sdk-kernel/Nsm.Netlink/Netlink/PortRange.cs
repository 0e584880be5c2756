using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Nsm.Sdk.Kernel.Netlink;

/// <summary>An inclusive port range for policy rules (<c>sport</c>/<c>dport</c>).</summary>
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

    /// <summary>Tries to parse <c>80</c> or <c>6667-6670</c>.</summary>
    /// <param name="text">The text.</param>
    /// <param name="range">The parsed range.</param>
    public static bool TryParse([NotNullWhen(true)] string? text, out PortRange range)
    {
        range = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var dash = text.IndexOf('-', StringComparison.Ordinal);
        var first = dash < 0 ? text.AsSpan() : text.AsSpan(0, dash);
        var last = dash < 0 ? first : text.AsSpan(dash + 1);
        if (!ushort.TryParse(first.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var a)
            || !ushort.TryParse(last.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var b) || b < a)
        {
            return false;
        }

        range = new PortRange(a, b);
        return true;
    }

    /// <inheritdoc/>
    public override string ToString() => Start == End ? Start.ToString(CultureInfo.InvariantCulture) : $"{Start}-{End}";
}
