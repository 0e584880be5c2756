using System.Globalization;

namespace Nsm.E2E.Tests;

/// <summary>Reads samples of a Prometheus scrape (text exposition format).</summary>
internal static class PrometheusText
{
    /// <summary>The value of the first sample of <paramref name="metric"/> whose labels contain every one of <paramref name="labels"/> (bare words match label values), or -1.</summary>
    public static double Value(string scrape, string metric, params string[] labels)
    {
        foreach (var line in scrape.Split('\n'))
        {
            if (!line.StartsWith(metric + "{", StringComparison.Ordinal))
            {
                continue;
            }

            var close = line.LastIndexOf('}');
            var labelText = line[(metric.Length + 1)..close];
            if (labels.All(l => labelText.Contains(l.Contains('=', StringComparison.Ordinal) ? l : "\"" + l + "\"", StringComparison.Ordinal)))
            {
                var value = line[(close + 1)..].Trim().Split(' ')[0];
                return double.Parse(value, CultureInfo.InvariantCulture);
            }
        }

        return -1;
    }
}
