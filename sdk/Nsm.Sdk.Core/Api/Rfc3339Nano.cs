using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Nsm.Sdk.Api;

/// <summary>
/// RFC 3339 timestamps as Go's <c>time.RFC3339Nano</c> layout (<c>2006-01-02T15:04:05.999999999Z07:00</c>)
/// formats and parses them: fraction with trailing zeros trimmed, <c>Z</c> for UTC, otherwise <c>±hh:mm</c>.
/// </summary>
public static class Rfc3339Nano
{
    /// <summary>Formats <paramref name="value"/> in its own offset, e.g. <c>2024-01-02T03:04:05.5Z</c> or <c>2024-01-02T03:04:05+02:00</c>.</summary>
    /// <param name="value">The time.</param>
    public static string Format(DateTimeOffset value)
    {
        var sb = new StringBuilder(35);
        sb.Append(value.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss", CultureInfo.InvariantCulture));
        var ticks = value.Ticks % TimeSpan.TicksPerSecond;
        if (ticks != 0)
        {
            var nanos = (ticks * 100).ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0');
            sb.Append('.').Append(nanos);
        }

        if (value.Offset == TimeSpan.Zero)
        {
            sb.Append('Z');
        }
        else
        {
            var offset = value.Offset;
            sb.Append(offset < TimeSpan.Zero ? '-' : '+');
            offset = offset.Duration();
            sb.Append(offset.Hours.ToString("D2", CultureInfo.InvariantCulture))
              .Append(':')
              .Append(offset.Minutes.ToString("D2", CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }

    /// <summary>Parses, throwing <see cref="FormatException"/> on malformed input.</summary>
    /// <param name="value">The text.</param>
    public static DateTimeOffset Parse(string value) =>
        TryParse(value, out var result) ? result : throw new FormatException($"invalid RFC 3339 time '{value}'");

    /// <summary>
    /// Parses <c>yyyy-MM-ddTHH:mm:ss[.fraction](Z|±hh:mm)</c>; the fraction may have any number of digits
    /// (precision beyond 100 ns is truncated). The result keeps the parsed offset (UTC when it exceeds ±14 h).
    /// </summary>
    /// <param name="value">The text.</param>
    /// <param name="result">The parsed time.</param>
    public static bool TryParse([NotNullWhen(true)] string? value, out DateTimeOffset result)
    {
        result = default;
        if (value is null || value.Length < 20)
        {
            return false;
        }

        var s = value.AsSpan();
        if (!Digits(s, 0, 4, out var year) || s[4] != '-' || !Digits(s, 5, 2, out var month) || s[7] != '-'
            || !Digits(s, 8, 2, out var day) || s[10] != 'T' || !Digits(s, 11, 2, out var hour) || s[13] != ':'
            || !Digits(s, 14, 2, out var minute) || s[16] != ':' || !Digits(s, 17, 2, out var second))
        {
            return false;
        }

        var pos = 19;
        long fractionTicks = 0;
        if (s[pos] is '.' or ',')
        {
            pos++;
            var start = pos;
            long scale = TimeSpan.TicksPerSecond;
            while (pos < s.Length && char.IsAsciiDigit(s[pos]))
            {
                scale /= 10;
                fractionTicks += (s[pos] - '0') * scale;
                pos++;
            }

            if (pos == start)
            {
                return false;
            }
        }

        if (pos >= s.Length)
        {
            return false;
        }

        TimeSpan offset;
        if (s[pos] == 'Z' && pos + 1 == s.Length)
        {
            offset = TimeSpan.Zero;
        }
        else if (s[pos] is '+' or '-' && pos + 6 == s.Length && s[pos + 3] == ':'
            && Digits(s, pos + 1, 2, out var oh) && Digits(s, pos + 4, 2, out var om) && oh < 24 && om < 60)
        {
            offset = new TimeSpan(oh, om, 0);
            if (s[pos] == '-')
            {
                offset = -offset;
            }
        }
        else
        {
            return false;
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).AddTicks(fractionTicks);
        if (offset.Duration() <= TimeSpan.FromHours(14))
        {
            result = new DateTimeOffset(local, offset);
        }
        else
        {
            result = new DateTimeOffset(DateTime.SpecifyKind(local - offset, DateTimeKind.Unspecified), TimeSpan.Zero);
        }

        return true;
    }

    private static bool Digits(ReadOnlySpan<char> s, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            if (!char.IsAsciiDigit(s[i]))
            {
                return false;
            }

            value = (value * 10) + (s[i] - '0');
        }

        return true;
    }
}
