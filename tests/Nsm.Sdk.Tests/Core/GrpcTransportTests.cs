using System.Collections.Concurrent;
using Grpc.Core;
using Grpc.Health.V1;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;
using IOPath = System.IO.Path;

namespace Nsm.Sdk.Tests.Core;

public sealed class GrpcTransportTests : IAsyncLifetime
{
    private readonly string _dir = IOPath.Combine(IOPath.GetTempPath(), "nsm-test-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly ConcurrentQueue<string> _log = new();
    private NsmGrpcServer? _server;

    private Uri Url => new("unix://" + IOPath.Combine(_dir, "nse.sock"));

    public async Task InitializeAsync()
    {
        var chain = new NetworkServiceServerChain(new Visit("server", _log), new SetAddress());
        _server = await NsmGrpcServer.StartAsync([Url], new NsmServerChains { NetworkService = chain });
    }

    public async Task DisposeAsync()
    {
        await _server!.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Client_chain_calls_a_server_chain_over_a_unix_socket()
    {
        using var channel = NsmGrpcChannels.Create(Url);
        var client = new NetworkServiceClientChain(new Visit("client", _log), new GrpcNetworkServiceClient(channel.CreateCallInvoker()));

        var conn = await client.RequestAsync(Requests.New("nsc-0"), new NsmContext());
        Assert.Equal("nsc-0", conn.Id);
        Assert.Equal("10.0.0.2/32", Assert.Single(conn.Context.IpContext.SrcIpAddrs));
        await client.CloseAsync(conn, new NsmContext());
        Assert.Equal(["client", "server", "server'", "client'", "close client", "close server"], _log);
    }

    [Fact]
    public async Task Server_errors_arrive_as_status_codes_and_the_server_keeps_serving()
    {
        using var channel = NsmGrpcChannels.Create(Url);
        var client = new NetworkServiceClientChain(new GrpcNetworkServiceClient(channel.CreateCallInvoker()));
        var bad = Requests.New("boom");
        var ex = await Assert.ThrowsAsync<RpcException>(async () => await client.RequestAsync(bad, new NsmContext()));
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Contains("boom", ex.Status.Detail, StringComparison.Ordinal);

        var ok = await client.RequestAsync(Requests.New("fine"), new NsmContext());
        Assert.Equal("fine", ok.Id);
    }

    [Fact]
    public async Task Health_reports_serving_for_the_network_service()
    {
        using var channel = NsmGrpcChannels.Create(Url);
        var health = new Health.HealthClient(channel);
        var reply = await health.CheckAsync(new HealthCheckRequest { Service = "networkservice.NetworkService" });
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, reply.Status);
    }

    [Fact]
    public async Task Deadline_and_headers_reach_the_server()
    {
        using var channel = NsmGrpcChannels.Create(Url);
        var client = new NetworkServiceClientChain(new GrpcNetworkServiceClient(channel.CreateCallInvoker()));
        var ctx = new NsmContext(deadline: DateTimeOffset.UtcNow.AddSeconds(30));
        ctx.GetOrAddOutgoingHeaders().Add(Nsm.Sdk.Api.TokenMetadata.TokenKey, "tok");
        ctx.GetOrAddOutgoingHeaders().Add(Nsm.Sdk.Api.TokenMetadata.ExpiresKey, "2030-01-02T03:04:05.123456789Z");
        var conn = await client.RequestAsync(Requests.New("echo-peer"), ctx);
        Assert.Equal("tok", conn.Labels["token"]);
        Assert.Equal("2030-01-02T03:04:05.1234567+00:00", conn.Labels["expires"]);
        Assert.True(double.Parse(conn.Labels["deadline"], System.Globalization.CultureInfo.InvariantCulture) is > 20 and <= 30);
    }

    /// <summary>An endpoint stand-in: answers with an address, echoes what it knows of the caller, rejects "boom".</summary>
    private sealed class SetAddress : INetworkServiceServer
    {
        public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
        {
            var conn = request.Connection;
            if (conn.Id == "boom")
            {
                throw new ArgumentException("bad connection id boom");
            }

            conn.Context = new ConnectionContext { IpContext = new IPContext { SrcIpAddrs = { "10.0.0.2/32" } } };
            if (conn.Id == "echo-peer")
            {
                conn.Labels["token"] = context.Peer?.Token ?? "";
                conn.Labels["expires"] = context.Peer?.TokenExpires?.ToString("O", System.Globalization.CultureInfo.InvariantCulture) ?? "";
                conn.Labels["deadline"] = context.RemainingTime?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "";
            }

            return next.RequestAsync(request, context);
        }

        public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next) => next.CloseAsync(connection, context);
    }
}
