using System.Diagnostics.Metrics;

namespace Nsm.Sdk.Core;

/// <summary>
/// The SDK's metric instruments (names in <see cref="NsmMetricNames"/>). Elements use <see cref="Default"/>, on
/// <see cref="NsmDiagnostics.Meter"/>; a test gives its element an instance on a meter of its own.
/// </summary>
public sealed class NsmMetrics
{
    /// <summary>Initializes the instruments on <paramref name="meter"/>.</summary>
    /// <param name="meter">The meter.</param>
    public NsmMetrics(Meter meter)
    {
        ArgumentNullException.ThrowIfNull(meter);
        Meter = meter;
        ConnectionsActive = meter.CreateUpDownCounter<long>(NsmMetricNames.ConnectionsActive, "{connection}", "Connections this component holds now");
        Requests = meter.CreateCounter<long>(NsmMetricNames.Requests, "{request}", "Requests (first ones and refreshes) by result");
        Closes = meter.CreateCounter<long>(NsmMetricNames.Closes, "{close}", "Closes by result");
        RequestDuration = meter.CreateHistogram(
            NsmMetricNames.RequestDuration,
            "s",
            "How long Requests took",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15] });
        Heals = meter.CreateCounter<long>(NsmMetricNames.Heals, "{heal}", "Heals started, by cause");
        LivenessChecks = meter.CreateCounter<long>(NsmMetricNames.LivenessChecks, "{check}", "Liveness checks of the data plane, by result");
        RegistryRecords = meter.CreateUpDownCounter<long>(NsmMetricNames.RegistryRecords, "{record}", "Records in a registry store, by kind");
    }

    /// <summary>Gets the instruments on <see cref="NsmDiagnostics.Meter"/>.</summary>
    public static NsmMetrics Default { get; } = new(NsmDiagnostics.Meter);

    /// <summary>Gets the meter of the instruments.</summary>
    public Meter Meter { get; }

    /// <summary>Gets <see cref="NsmMetricNames.ConnectionsActive"/>.</summary>
    public UpDownCounter<long> ConnectionsActive { get; }

    /// <summary>Gets <see cref="NsmMetricNames.Requests"/>.</summary>
    public Counter<long> Requests { get; }

    /// <summary>Gets <see cref="NsmMetricNames.Closes"/>.</summary>
    public Counter<long> Closes { get; }

    /// <summary>Gets <see cref="NsmMetricNames.RequestDuration"/>, in seconds.</summary>
    public Histogram<double> RequestDuration { get; }

    /// <summary>Gets <see cref="NsmMetricNames.Heals"/>.</summary>
    public Counter<long> Heals { get; }

    /// <summary>Gets <see cref="NsmMetricNames.LivenessChecks"/>.</summary>
    public Counter<long> LivenessChecks { get; }

    /// <summary>Gets <see cref="NsmMetricNames.RegistryRecords"/>.</summary>
    public UpDownCounter<long> RegistryRecords { get; }
}
