using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Nsm.Sdk.Tests.Common.Metrics;

/// <summary>One measurement: the instrument, the value and the tags.</summary>
internal sealed record Recorded(string Instrument, double Value, IReadOnlyDictionary<string, string?> Tags)
{
    public bool Has(string key, string value) => Tags.TryGetValue(key, out var v) && v == value;
}

/// <summary>
/// Records the measurements of one meter; or of every meter named <c>Nsm.Sdk</c> made on the current thread when
/// <paramref name="onlyThisThread"/> (synchronous instruments report on the calling thread, so parallel tests stay out).
/// </summary>
internal sealed class MetricsRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly int _thread = Environment.CurrentManagedThreadId;

    public MetricsRecorder(Func<Meter, bool> meter, bool onlyThisThread = false)
    {
        _listener.InstrumentPublished = (instrument, l) =>
        {
            if (meter(instrument.Meter))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Add(i, v, tags, onlyThisThread));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Add(i, v, tags, onlyThisThread));
        _listener.Start();
    }

    public ConcurrentQueue<Recorded> Measurements { get; } = new();

    public void Collect() => _listener.RecordObservableInstruments();

    public IEnumerable<Recorded> Of(string instrument) => Measurements.Where(m => m.Instrument == instrument);

    public double Sum(string instrument, params (string Key, string Value)[] tags) =>
        Of(instrument).Where(m => tags.All(t => m.Has(t.Key, t.Value))).Sum(m => m.Value);

    public void Dispose() => _listener.Dispose();

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags, bool onlyThisThread)
    {
        if (onlyThisThread && Environment.CurrentManagedThreadId != _thread)
        {
            return;
        }

        var dict = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var t in tags)
        {
            dict[t.Key] = t.Value?.ToString();
        }

        Measurements.Enqueue(new Recorded(instrument.Name, value, dict));
    }
}
