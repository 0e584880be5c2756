using System.Diagnostics;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Tests.Core;

/// <summary>
/// Records every stopped span of the SDK's source and of <see cref="Test"/> (the tests' own root spans). The listener
/// is process-wide and tests run in parallel, so read spans by trace id (<see cref="InTrace"/>).
/// </summary>
internal sealed class SpanRecorder : IDisposable
{
    private const string TestSourceName = "Nsm.Sdk.Tests.Trace";
    private readonly List<Activity> _stopped = [];
    private readonly ActivityListener _listener;

    public SpanRecorder()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is NsmDiagnostics.Name or TestSourceName, // by name: Test may be created while this listener is added
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                lock (_stopped)
                {
                    _stopped.Add(a);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>Gets the source of the tests' root spans (the "caller" whose trace must cross the boundary).</summary>
    public static ActivitySource Test { get; } = new(TestSourceName);

    /// <summary>Starts a root span, as a caller's own span.</summary>
    public static Activity StartRoot(string name) => Test.StartActivity(name) ?? throw new InvalidOperationException("no listener");

    /// <summary>The stopped spans of one trace.</summary>
    public IReadOnlyList<Activity> InTrace(ActivityTraceId traceId)
    {
        lock (_stopped)
        {
            return [.. _stopped.Where(a => a.TraceId == traceId)];
        }
    }

    /// <summary>The one stopped span named <paramref name="operation"/> in the trace.</summary>
    public Activity Single(ActivityTraceId traceId, string operation) => Assert.Single(InTrace(traceId), a => a.OperationName == operation);

    public void Dispose() => _listener.Dispose();
}
