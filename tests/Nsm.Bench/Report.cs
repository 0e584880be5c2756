using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nsm.Bench;

/// <summary>Latency samples in milliseconds.</summary>
internal sealed class Samples(string name)
{
    private readonly List<double> _ms = [];

    public string Name { get; } = name;

    public int Count => _ms.Count;

    public void Add(TimeSpan elapsed) => _ms.Add(elapsed.TotalMilliseconds);

    public double P(double q)
    {
        if (_ms.Count == 0)
        {
            return double.NaN;
        }

        var sorted = _ms.Order().ToArray();
        var index = (int)Math.Ceiling(q / 100.0 * sorted.Length) - 1;
        return sorted[Math.Clamp(index, 0, sorted.Length - 1)];
    }
}

/// <summary>One printed line: a number, its unit, and the target it is measured against.</summary>
internal sealed record Row(string Section, string Metric, double Value, string Unit, string Target = "", bool? Met = null, string Note = "");

/// <summary>Collects rows, prints them as a table and writes JSON.</summary>
internal sealed class Report
{
    private readonly List<Row> _rows = [];
    private readonly List<string> _errors = [];

    public IReadOnlyList<Row> Rows => _rows;

    public void Add(Row row)
    {
        _rows.Add(row);
        Console.Error.WriteLine($"  [{row.Section}] {row.Metric} = {Format(row.Value)} {row.Unit} {row.Target} {row.Note}");
    }

    /// <summary>Adds p50/p90/p99 rows of a sample set; targets by percentile ("p50" -> "≤ 5").</summary>
    public void AddLatency(string section, Samples samples, double? p50Max = null, double? p99Max = null, string note = "")
    {
        var n = $"n={samples.Count.ToString(CultureInfo.InvariantCulture)}";
        var note2 = note.Length > 0 ? n + ", " + note : n;
        Add(new Row(section, samples.Name + " p50", samples.P(50), "ms", p50Max is { } a ? "≤ " + Format(a) : "", p50Max is { } a1 ? samples.P(50) <= a1 : null, note2));
        Add(new Row(section, samples.Name + " p90", samples.P(90), "ms", "", null, n));
        Add(new Row(section, samples.Name + " p99", samples.P(99), "ms", p99Max is { } b ? "≤ " + Format(b) : "", p99Max is { } b1 ? samples.P(99) <= b1 : null, n));
    }

    public void Error(string section, Exception ex)
    {
        var text = $"{section}: {ex.GetType().Name}: {ex.Message}";
        _errors.Add(text);
        Console.Error.WriteLine("  ERROR " + text);
    }

    public void Print(TextWriter w)
    {
        var header = new[] { "section", "metric", "value", "unit", "target", "status", "note" };
        var lines = _rows.Select(r => new[]
        {
            r.Section, r.Metric, Format(r.Value), r.Unit, r.Target,
            r.Met switch { true => "MET", false => "MISSED", null => "" }, r.Note,
        }).ToList();
        var widths = Enumerable.Range(0, header.Length).Select(i => Math.Max(header[i].Length, lines.Count == 0 ? 0 : lines.Max(l => l[i].Length))).ToArray();
        string Line(string[] cells) => string.Join("  ", cells.Select((c, i) => i == 2 ? c.PadLeft(widths[i]) : c.PadRight(widths[i]))).TrimEnd();
        w.WriteLine(Line(header));
        w.WriteLine(string.Join("  ", widths.Select(x => new string('-', x))));
        foreach (var l in lines)
        {
            w.WriteLine(Line(l));
        }

        foreach (var e in _errors)
        {
            w.WriteLine("ERROR " + e);
        }
    }

    public void WriteJson(string path, IDictionary<string, string> environment)
    {
        var root = new JsonObject
        {
            ["generated"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["environment"] = new JsonObject(environment.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
            ["results"] = new JsonArray(_rows.Select(r => (JsonNode?)new JsonObject
            {
                ["section"] = r.Section,
                ["metric"] = r.Metric,
                ["value"] = double.IsFinite(r.Value) ? Math.Round(r.Value, 4) : null,
                ["unit"] = r.Unit,
                ["target"] = r.Target,
                ["met"] = r.Met,
                ["note"] = r.Note,
            }).ToArray()),
            ["errors"] = new JsonArray(_errors.Select(e => (JsonNode?)e).ToArray()),
        };
        if (Path.GetDirectoryName(path) is { Length: > 0 } dir)
        {
            Directory.CreateDirectory(dir);
        }

        File.WriteAllText(path, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    public static string Format(double v) =>
        double.IsNaN(v) ? "n/a" : Math.Abs(v) >= 100 ? v.ToString("F0", CultureInfo.InvariantCulture) : v.ToString("F3", CultureInfo.InvariantCulture);
}
