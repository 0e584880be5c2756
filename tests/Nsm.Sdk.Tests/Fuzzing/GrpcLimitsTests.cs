using System.Net;
using Google.Protobuf;
using System.Net.Sockets;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;
using Nsm.Sdk.Hosting;

namespace Nsm.Sdk.Tests.Fuzzing;

/// <summary>Oversize messages, deep nesting and one peer's flood, against a real gRPC server (TCP on loopback).</summary>
[Collection("fuzz")]
public sealed class GrpcLimitsTests
{
    private static readonly FuzzMethod Request = new("networkservice.NetworkService", "Request", MethodType.Unary, NetworkServiceRequest.Parser, []);

    [Fact]
    public async Task A_message_over_4_MiB_is_refused_with_RESOURCE_EXHAUSTED()
    {
        await using var server = await StartAsync(new GateServer(), limit: 0);
        using var channel = Channel(server.Urls[0], IPAddress.Loopback);
        var bytes = new byte[(4 * 1024 * 1024) + 16];

        var e = await Assert.ThrowsAsync<RpcException>(() => Call(channel, bytes));

        Assert.Equal(StatusCode.ResourceExhausted, e.StatusCode);
    }

    [Fact]
    public async Task Nesting_deeper_than_protobufs_recursion_limit_of_100_is_refused_as_INTERNAL()
    {
        await using var server = await StartAsync(new GateServer(), limit: 0);
        using var channel = Channel(server.Urls[0], IPAddress.Loopback);

        await Call(channel, NestedGroups(90)); // within Google.Protobuf's default recursion limit (100): parsed, answered
        var e = await Assert.ThrowsAsync<RpcException>(() => Call(channel, NestedGroups(100_000)));

        Assert.Equal(StatusCode.Internal, e.StatusCode);
        Assert.StartsWith("grpc: error unmarshalling request", e.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_peer_flooding_Requests_gets_RESOURCE_EXHAUSTED_while_another_peer_is_served()
    {
        var gate = new GateServer();
        await using var server = await StartAsync(gate, limit: 4);
        using var flooder = Channel(server.Urls[0], IPAddress.Parse("127.0.0.2"));
        using var other = Channel(server.Urls[0], IPAddress.Loopback);

        var flood = Enumerable.Range(0, 40).Select(i => Call(flooder, Bytes("a-" + i))).ToList();
        var refused = 0;
        while (refused < 36)
        {
            var done = await Task.WhenAny(flood).WaitAsync(TimeSpan.FromSeconds(10));
            var e = await Assert.ThrowsAsync<RpcException>(() => done);
            Assert.Equal(StatusCode.ResourceExhausted, e.StatusCode);
            Assert.Contains("too many requests in flight from peer tcp:127.0.0.2", e.Status.Detail, StringComparison.Ordinal);
            flood.Remove(done);
            refused++;
        }

        Assert.Equal(4, gate.Blocked);
        var served = Connection.Parser.ParseFrom(await Call(other, Bytes("b-0")).WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("b-0", served.Id);

        gate.Open();
        await Task.WhenAll(flood).WaitAsync(TimeSpan.FromSeconds(10));
        await Call(flooder, Bytes("a-after")).WaitAsync(TimeSpan.FromSeconds(10)); // the peer is served again once its calls end
    }

    [Fact]
    public async Task A_unix_socket_peer_is_its_process_by_SO_PEERCRED()
    {
        var gate = new GateServer();
        var dir = Directory.CreateTempSubdirectory("nsm-fuzz-");
        try
        {
            await using var server = await NsmGrpcServer.StartAsync(
                [new Uri("unix://" + System.IO.Path.Combine(dir.FullName, "s.sock"))],
                new NsmServerChains { NetworkService = gate },
                new NsmGrpcServerExtras { ConfigureServices = s => s.AddSingleton(new NsmPeerLimits { MaxConcurrentRequestsPerPeer = 1 }) });
            using var channel = NsmGrpcChannels.Create(server.Urls[0]);
            var first = Call(channel, Bytes("a-0"));
            await SpinUntil(() => gate.Blocked == 1);

            var e = await Assert.ThrowsAsync<RpcException>(() => Call(channel, Bytes("a-1")));

            Assert.Equal(StatusCode.ResourceExhausted, e.StatusCode);
            Assert.Contains($"peer unix:{Environment.ProcessId}/", e.Status.Detail, StringComparison.Ordinal);
            gate.Open();
            await first.WaitAsync(TimeSpan.FromSeconds(10));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static async Task SpinUntil(Func<bool> condition)
    {
        for (var i = 0; i < 1000 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }

    /// <summary><paramref name="depth"/> nested unknown groups (field 15) in a request.</summary>
    private static byte[] NestedGroups(int depth) => [.. Enumerable.Repeat((byte)0x7B, depth), .. Enumerable.Repeat((byte)0x7C, depth)];

    private static byte[] Bytes(string id) => new NetworkServiceRequest { Connection = new Connection { Id = id } }.ToByteArray();

    private static Task<byte[]> Call(GrpcChannel channel, byte[] bytes) =>
        channel.CreateCallInvoker().AsyncUnaryCall(Request.Raw, null, new CallOptions(deadline: DateTime.UtcNow.AddSeconds(20)), bytes).ResponseAsync;

    private static Task<NsmGrpcServer> StartAsync(GateServer gate, int limit)
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return NsmGrpcServer.StartAsync(
            [new Uri($"tcp://127.0.0.1:{port}")],
            new NsmServerChains { NetworkService = gate },
            new NsmGrpcServerExtras { ConfigureServices = s => s.AddSingleton(new NsmPeerLimits { MaxConcurrentRequestsPerPeer = limit }) });
    }

    /// <summary>A channel whose connections come from <paramref name="source"/> (another loopback address is another peer).</summary>
    private static GrpcChannel Channel(Uri url, IPAddress source) => GrpcChannel.ForAddress($"http://{url.Authority}", new GrpcChannelOptions
    {
        HttpHandler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                socket.Bind(new IPEndPoint(source, 0));
                await socket.ConnectAsync(context.DnsEndPoint, ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
        },
    });

    /// <summary>Answers every Request with its connection, except those whose id starts with "a-", which wait until <see cref="Open"/>.</summary>
    private sealed class GateServer : INetworkServiceServer
    {
        private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _blocked;

        public int Blocked => Volatile.Read(ref _blocked);

        public void Open() => _open.TrySetResult();

        public async ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
        {
            if (request.Connection?.Id is { } id && id.StartsWith("a-", StringComparison.Ordinal) && id != "a-after")
            {
                Interlocked.Increment(ref _blocked);
                await _open.Task;
            }

            return request.Connection ?? new Connection();
        }

        public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next) => ValueTask.CompletedTask;
    }
}
