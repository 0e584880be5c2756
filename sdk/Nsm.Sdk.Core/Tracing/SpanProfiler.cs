using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Nsm.Sdk.Core;

/// <summary>
/// Where the time of a Request goes, element by element: listens to the SDK's spans and keeps, per span name, the
/// time spent in the element itself (its span minus the spans of the elements it called). A profiling aid for
/// benchmarks and investigations, off unless created; programs create one when <c>NSM_SPAN_PROFILE</c> names a file.
/// </summary>
public sealed class SpanProfiler : IDisposable
{
    private const string ChildrenKey = "nsm.profile.children";
    private const int MaxSamplesPerName = 200_000;
    private readonly ActivityListener _listener;
    private readonly Dictionary<string, List<(double Self, double Total)>> _samples = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Initializes a new instance of the <see cref="SpanProfiler"/> class and starts listening.</summary>
    public SpanProfiler()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == NsmDiagnostics.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStarted = activity => activity.SetCustomProperty(ChildrenKey, new StrongBox<long>()),
            ActivityStopped = OnStopped,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>Gets the summary so far, the largest total self time first.</summary>
    /// <returns>One line per span name.</returns>
    public IReadOnlyList<SpanProfileEntry> Snapshot()
    {
        lock (_lock)
        {
            return _samples
                .Select(kv => SpanProfileEntry.From(kv.Key, kv.Value))
                .OrderByDescending(e => e.SelfTotalMs)
                .ToList();
        }
    }

    /// <summary>Forgets the samples so far (for example after a warm-up).</summary>
    public void Reset()
    {
        lock (_lock)
        {
            _samples.Clear();
        }
    }

    /// <summary>Formats <see cref="Snapshot"/> as a tab-separated table with a header line.</summary>
    /// <returns>The table.</returns>
    public string FormatTable()
    {
        var sb = new StringBuilder("span\tcount\tself p50 ms\tself mean ms\tself total ms\ttotal p50 ms\n");
        foreach (var e in Snapshot())
        {
            sb.Append(CultureInfo.InvariantCulture, $"{e.Name}\t{e.Count}\t{e.SelfP50Ms:F3}\t{e.SelfMeanMs:F3}\t{e.SelfTotalMs:F1}\t{e.TotalP50Ms:F3}\n");
        }

        return sb.ToString();
    }

    /// <inheritdoc/>
    public void Dispose() => _listener.Dispose();

    private void OnStopped(Activity activity)
    {
        var total = activity.Duration.Ticks;
        var children = activity.GetCustomProperty(ChildrenKey) is StrongBox<long> box ? Interlocked.Read(ref box.Value) : 0;
        if (activity.Parent?.GetCustomProperty(ChildrenKey) is StrongBox<long> parent)
        {
            Interlocked.Add(ref parent.Value, total);
        }

        var sample = (Self: TimeSpan.FromTicks(Math.Max(0, total - children)).TotalMilliseconds, Total: TimeSpan.FromTicks(total).TotalMilliseconds);
        lock (_lock)
        {
            if (!_samples.TryGetValue(activity.OperationName, out var list))
            {
                _samples[activity.OperationName] = list = [];
            }

            if (list.Count < MaxSamplesPerName)
            {
                list.Add(sample);
            }
        }
    }
}
