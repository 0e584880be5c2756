using System.Diagnostics;
using Grpc.Core;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;
using Nsm.Sdk.Tests.Common.Doubles;
using IOPath = System.IO.Path;

namespace Nsm.Sdk.Tests.Core;

/// <summary>The trace crosses the gRPC boundary: the client sends traceparent, the server's spans continue the trace.</summary>
public sealed class TraceContextTests : IAsyncLifetime
{
    private static readonly ActivitySource Test = new("Nsm.Sdk.Tests.Trace");
    private readonly string _dir = IOPath.Combine(IOPath.GetTempPath(), "nsm-test-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly List<Activity> _stopped = [];
    private ActivityListener? _listener;
    private NsmGrpcServer? _server;
    private string? _traceparent;
    private ActivityContext _seenByServer;

    private Uri Url => new("unix://" + IOPath.Combine(_dir, "nse.sock"));

    public async Task InitializeAsync()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is NsmDiagnostics.Name or "Nsm.Sdk.Tests.Trace",
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
        var chain = new NetworkServiceServerChain(LambdaElement.CheckRequest((_, ctx) =>
        {
            ctx.TryGet(GrpcCallContextKeys.RequestHeaders, out var headers);
            _traceparent = headers?.GetValue("traceparent");
            _seenByServer = Activity.Current?.Context ?? default;
        }));
        _server = await NsmGrpcServer.StartAsync([Url], new NsmServerChains { NetworkService = chain });
    }

    public async Task DisposeAsync()
    {
        await _server!.DisposeAsync();
        _listener!.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task The_servers_spans_continue_the_clients_trace()
    {
        using var channel = NsmGrpcChannels.Create(Url);
        var client = new NetworkServiceClientChain(new GrpcNetworkServiceClient(channel.CreateCallInvoker()));
        ActivityTraceId traceId;
        using (var root = Test.StartActivity("nsc request"))
        {
            Assert.NotNull(root);
            traceId = root.TraceId;
            await client.RequestAsync(Requests.New("traced"), new NsmContext());
        }

        Assert.NotNull(_traceparent);
        Assert.Contains(traceId.ToHexString(), _traceparent, StringComparison.Ordinal);
        Assert.Equal(traceId, _seenByServer.TraceId);

        Activity server;
        lock (_stopped)
        {
            server = _stopped.Single(a => a.OperationName == "NetworkServiceGrpcService/Request" && a.TraceId == traceId);
        }

        Assert.Equal(ActivityKind.Server, server.Kind);
        Assert.True(server.HasRemoteParent);

        // Its parent is the client element's span in this trace.
        lock (_stopped)
        {
            var clientSpan = _stopped.Single(a => a.OperationName == "GrpcNetworkServiceClient/Request" && a.TraceId == traceId);
            Assert.Equal(clientSpan.SpanId, server.ParentSpanId);
        }
    }

    [Fact]
    public void Inject_adds_the_current_span_to_a_copy_of_the_headers_and_replaces_a_stale_one()
    {
        var headers = new Metadata { { "path", "p" }, { "traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" } };
        Assert.Same(headers, GrpcTraceContext.Inject(headers)); // no current span: nothing to add
        using var root = Test.StartActivity("root");
        Assert.NotNull(root);
        var sent = GrpcTraceContext.Inject(headers)!;
        Assert.Equal(2, headers.Count);
        Assert.Equal("p", sent.GetValue("path"));
        Assert.Single(sent, e => e.Key == "traceparent");
        Assert.True(GrpcTraceContext.TryExtract(sent, out var parent));
        Assert.Equal(root.TraceId, parent.TraceId);
        Assert.Equal(root.SpanId, parent.SpanId);
    }
}
