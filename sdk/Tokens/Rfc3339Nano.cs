using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Nsm.Sdk.Tokens;

/// <summary>
/// Go's <c>time.RFC3339Nano</c> layout (<c>2006-01-02T15:04:05.999999999Z07:00</c>), used by <c>nsm-client-token-expires</c>.
/// </summary>
/// <remarks>
/// Private stand-in until sdk/Api provides the shared helper. Formatting trims trailing fraction zeros and writes
/// <c>Z</c> for UTC; parsing accepts 0–9 fraction digits and <c>Z</c> or <c>±hh:mm</c> (sub-100 ns digits are dropped).
/// </remarks>
internal static partial class Rfc3339Nano
{
    public static string Format(DateTimeOffset time)
    {
        var builder = new StringBuilder(35);
        builder.Append(time.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));
        var fraction = time.Ticks % TimeSpan.TicksPerSecond;
        if (fraction != 0)
        {
            builder.Append('.').Append((fraction * 100).ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0'));
        }

        if (time.Offset == TimeSpan.Zero)
        {
            builder.Append('Z');
        }
        else
        {
            builder.Append(time.Offset < TimeSpan.Zero ? '-' : '+')
                .Append(time.Offset.Duration().ToString(@"hh\:mm", CultureInfo.InvariantCulture));
        }

        return builder.ToString();
    }

    public static bool TryParse([NotNullWhen(true)] string? text, out DateTimeOffset time)
    {
        time = default;
        var match = text is null ? Match.Empty : Layout().Match(text);
        if (!match.Success)
        {
            return false;
        }

        var seconds = match.Groups["seconds"].Value;
        var fraction = match.Groups["fraction"].Value;
        var zone = match.Groups["zone"].Value;
        var normalized = seconds + "." + (fraction + "0000000")[..7] + (zone == "Z" ? "+00:00" : zone);
        return DateTimeOffset.TryParseExact(
            normalized, "yyyy-MM-dd'T'HH:mm:ss.fffffffzzz", CultureInfo.InvariantCulture, DateTimeStyles.None, out time);
    }

    [GeneratedRegex(@"^(?<seconds>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(?<fraction>\d{1,9}))?(?<zone>Z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Layout();
}
