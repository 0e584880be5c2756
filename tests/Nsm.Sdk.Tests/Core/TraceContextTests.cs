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
    private readonly string _dir = IOPath.Combine(IOPath.GetTempPath(), "nsm-test-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly SpanRecorder _spans = new();
    private NsmGrpcServer? _server;
    private string? _traceparent;
    private ActivityContext _seenByServer;

    private Uri Url => new("unix://" + IOPath.Combine(_dir, "nse.sock"));

    public async Task InitializeAsync()
    {
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
        _spans.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task The_servers_spans_continue_the_clients_trace()
    {
        using var channel = NsmGrpcChannels.Create(Url);
        var client = new NetworkServiceClientChain(new GrpcNetworkServiceClient(channel.CreateCallInvoker()));
        ActivityTraceId traceId;
        using (var root = SpanRecorder.StartRoot("nsc request"))
        {
            traceId = root.TraceId;
            await client.RequestAsync(Requests.New("traced"), new NsmContext());
        }

        Assert.NotNull(_traceparent);
        Assert.Contains(traceId.ToHexString(), _traceparent, StringComparison.Ordinal);
        Assert.Equal(traceId, _seenByServer.TraceId);

        var server = _spans.Single(traceId, "NetworkServiceGrpcService/Request");
        Assert.Equal(ActivityKind.Server, server.Kind);
        Assert.True(server.HasRemoteParent);

        // Its parent is the client element's span in this trace.
        Assert.Equal(_spans.Single(traceId, "GrpcNetworkServiceClient/Request").SpanId, server.ParentSpanId);
    }

    [Fact]
    public void Inject_adds_the_current_span_to_a_copy_of_the_headers_and_replaces_a_stale_one()
    {
        var headers = new Metadata { { "path", "p" }, { "traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" } };
        Assert.Same(headers, GrpcTraceContext.Inject(headers)); // no current span: nothing to add
        using var root = SpanRecorder.StartRoot("root");
        var sent = GrpcTraceContext.Inject(headers)!;
        Assert.Equal(2, headers.Count);
        Assert.Equal("p", sent.GetValue("path"));
        Assert.Single(sent, e => e.Key == "traceparent");
        Assert.True(GrpcTraceContext.TryExtract(sent, out var parent));
        Assert.Equal(root.TraceId, parent.TraceId);
        Assert.Equal(root.SpanId, parent.SpanId);
    }
}
