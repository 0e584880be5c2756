using System.Diagnostics;
using Grpc.Core;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Common.Monitor;
using Nsm.Sdk.Core;
using IOPath = System.IO.Path;

namespace Nsm.Sdk.Tests.Core;

/// <summary>A MonitorConnection stream carries the caller's trace: the server's monitor span is a child of the caller's span.</summary>
public sealed class MonitorTraceContextTests : IAsyncLifetime
{
    private readonly string _dir = IOPath.Combine(IOPath.GetTempPath(), "nsm-test-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly SpanRecorder _spans = new();
    private readonly OneEvent _server = new();
    private NsmGrpcServer? _grpc;

    private Uri Url => new("unix://" + IOPath.Combine(_dir, "nsmgr.sock"));

    public async Task InitializeAsync() =>
        _grpc = await NsmGrpcServer.StartAsync([Url], new NsmServerChains { MonitorConnection = new MonitorConnectionServerChain(_server) });

    public async Task DisposeAsync()
    {
        await _grpc!.DisposeAsync();
        _spans.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task The_monitor_stream_the_next_hop_serves_continues_the_callers_trace_and_keeps_its_headers()
    {
        using var channel = NsmGrpcChannels.Create(Url);
        var context = new NsmContext();
        context.GetOrAddOutgoingHeaders().Add("nsm-client-token", "token-1");
        var client = NextHopMonitoring.Grpc(channel.CreateCallInvoker(), context);

        ActivityTraceId traceId;
        ActivitySpanId rootSpan;
        using (var root = SpanRecorder.StartRoot("heal watch"))
        {
            (traceId, rootSpan) = (root.TraceId, root.SpanId);
            var events = new List<ConnectionEvent>();
            await foreach (var e in client.MonitorConnectionsAsync(new MonitorScopeSelector(), CancellationToken.None))
            {
                events.Add(e);
            }

            Assert.Single(events);
        }

        var server = _spans.Single(traceId, "MonitorConnectionGrpcService/MonitorConnections");
        Assert.Equal(ActivityKind.Server, server.Kind);
        Assert.True(server.HasRemoteParent);
        Assert.Equal(rootSpan, server.ParentSpanId);
        Assert.Equal(server.SpanId, _server.Seen.SpanId); // the chain ran inside the server span
        Assert.Equal("token-1", _server.Token);
    }

    /// <summary>Records the current span and the token header, sends one event and ends the stream.</summary>
    private sealed class OneEvent : IMonitorConnectionServer
    {
        public ActivityContext Seen { get; private set; }

        public string? Token { get; private set; }

        public async Task MonitorConnectionsAsync(MonitorScopeSelector selector, IAsyncStreamWriter<ConnectionEvent> stream, NsmContext context, MonitorConnectionHandler next)
        {
            Seen = Activity.Current?.Context ?? default;
            Token = context.GetOrDefault(GrpcCallContextKeys.RequestHeaders)?.GetValue("nsm-client-token");
            await stream.WriteAsync(new ConnectionEvent { Type = ConnectionEventType.InitialStateTransfer });
        }
    }
}
