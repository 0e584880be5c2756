using System.Diagnostics.Metrics;
using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Common.Metrics;
using Nsm.Sdk.Core;
using Nsm.Sdk.Tests.Common.Doubles;

namespace Nsm.Sdk.Tests.Common.Metrics;

public sealed class MetricsElementTests : IDisposable
{
    private readonly Meter _meter = new("test.metrics." + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _clock = new();
    private readonly MetricsRecorder _recorded;
    private readonly NsmMetrics _metrics;

    public MetricsElementTests()
    {
        _recorded = new MetricsRecorder(m => ReferenceEquals(m, _meter));
        _metrics = new NsmMetrics(_meter);
    }

    public void Dispose()
    {
        _recorded.Dispose();
        _meter.Dispose();
    }

    [Fact]
    public async Task Request_refresh_and_close_are_counted_and_the_connection_is_active_in_between()
    {
        var element = new MetricsServer(_metrics);
        var chain = new NetworkServiceServerChain(element, Takes(TimeSpan.FromMilliseconds(250)));

        var conn = await chain.RequestAsync(Request("c1"), Context());
        Assert.Equal(1, Active());
        Assert.Equal(1, element.ActiveCount);
        var duration = Assert.Single(_recorded.Of(NsmMetricNames.RequestDuration));
        Assert.Equal(0.25, duration.Value, 6);
        Assert.True(duration.Has(NsmMetricNames.ResultTag, "ok") && duration.Has(NsmMetricNames.NetworkServiceTag, "svc") && duration.Has(NsmMetricNames.SideTag, "server"));

        await chain.RequestAsync(Request("c1"), Context()); // refresh: one more Request, still one connection
        Assert.Equal(2, _recorded.Sum(NsmMetricNames.Requests, (NsmMetricNames.ResultTag, "ok"), (NsmMetricNames.NetworkServiceTag, "svc")));
        Assert.Equal(1, Active());

        await chain.CloseAsync(conn, Context());
        Assert.Equal(1, _recorded.Sum(NsmMetricNames.Closes, (NsmMetricNames.ResultTag, "ok")));
        Assert.Equal(0, Active());
        Assert.Equal(0, element.ActiveCount);

        await chain.CloseAsync(conn, Context()); // a second Close of a closed connection changes nothing
        Assert.Equal(0, Active());
    }

    [Fact]
    public async Task A_failed_request_counts_its_grpc_status_and_adds_no_connection()
    {
        var chain = new NetworkServiceServerChain(
            new MetricsServer(_metrics),
            new LambdaElement((_, _, _) => ValueTask.FromException<Connection>(new NsmStatusException(StatusCode.Unavailable, "no endpoint"))));

        await Assert.ThrowsAsync<NsmStatusException>(async () => await chain.RequestAsync(Request("c2"), Context()));
        Assert.Equal(1, _recorded.Sum(NsmMetricNames.Requests, (NsmMetricNames.ResultTag, "Unavailable")));
        Assert.Equal(1, _recorded.Of(NsmMetricNames.RequestDuration).Count(m => m.Has(NsmMetricNames.ResultTag, "Unavailable")));
        Assert.Empty(_recorded.Of(NsmMetricNames.ConnectionsActive));
    }

    [Fact]
    public async Task A_failed_close_is_counted_and_still_ends_the_connection()
    {
        var element = new MetricsClient(_metrics);
        var chain = new NetworkServiceClientChain(
            element,
            new LambdaElement(null, (_, _, _) => ValueTask.FromException(new TimeoutException("slow"))));
        var conn = await chain.RequestAsync(Request("c3"), Context());
        Assert.Equal(1, _recorded.Sum(NsmMetricNames.ConnectionsActive, (NsmMetricNames.SideTag, "client")));

        await Assert.ThrowsAsync<TimeoutException>(async () => await chain.CloseAsync(conn, Context()));
        Assert.Equal(1, _recorded.Sum(NsmMetricNames.Closes, (NsmMetricNames.ResultTag, "DeadlineExceeded"), (NsmMetricNames.SideTag, "client")));
        Assert.Equal(0, Active());
    }

    [Fact]
    public async Task Connections_are_counted_per_network_service()
    {
        var chain = new NetworkServiceServerChain(new MetricsServer(_metrics));
        await chain.RequestAsync(Request("a", "svc-a"), Context());
        await chain.RequestAsync(Request("b", "svc-b"), Context());
        await chain.RequestAsync(Request("c", "svc-b"), Context());
        Assert.Equal(1, _recorded.Sum(NsmMetricNames.ConnectionsActive, (NsmMetricNames.NetworkServiceTag, "svc-a")));
        Assert.Equal(2, _recorded.Sum(NsmMetricNames.ConnectionsActive, (NsmMetricNames.NetworkServiceTag, "svc-b")));
    }

    private static NetworkServiceRequest Request(string id, string service = "svc") =>
        new() { Connection = new Connection { Id = id, NetworkService = service } };

    private double Active() => _recorded.Sum(NsmMetricNames.ConnectionsActive);

    private NsmContext Context() => new(_clock);

    private LambdaElement Takes(TimeSpan time) => new(
        (r, c, n) =>
        {
            _clock.Advance(time);
            return n.RequestAsync(r, c);
        });
}
