using System.Diagnostics;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;
using Nsm.Sdk.Kernel.Configuration;
using Nsm.Sdk.Kernel.Namespaces;
using Nsm.Sdk.Kernel.Netlink;
using Path = System.IO.Path;
using Route = Nsm.Sdk.Kernel.Netlink.Route;

namespace Nsm.Bench;

/// <summary>The physical floor of one local connection: its netlink work done directly, and its gRPC hops over unix sockets.</summary>
internal static class FloorBench
{
    /// <summary>(a) create+configure a veth pair between two namespaces (what the forwarder does per Request), then delete it.</summary>
    public static async Task<(Samples Create, Samples Delete)> NetlinkAsync(Cleanup cleanup, int count, TimeSpan budget, CancellationToken ct)
    {
        var create = new Samples("veth create+addr+route+up");
        var delete = new Samples("veth delete");
        using var a = await cleanup.CreateNamespaceAsync(Cleanup.Prefix + "floor-nsc", ct);
        using var b = await cleanup.CreateNamespaceAsync(Cleanup.Prefix + "floor-nse", ct);
        var deadline = Stopwatch.StartNew();
        for (var i = 0; i < count && deadline.Elapsed < budget; i++)
        {
            ct.ThrowIfCancellationRequested();
            var config = new VethPairConfig(
                new VethEndConfig(a, $"nsm-{i}")
                {
                    Addresses = [IpPrefix.Parse("172.31.0.2/32")],
                    Routes = [new Route { Destination = IpPrefix.Parse("172.31.0.1/32") }],
                },
                new VethEndConfig(b, $"nsmb-f{i}")
                {
                    Addresses = [IpPrefix.Parse("172.31.0.1/32")],
                    Routes = [new Route { Destination = IpPrefix.Parse("172.31.0.2/32") }],
                });
            var sw = Stopwatch.StartNew();
            await VethPairConfigurator.CreateAsync(config, ct);
            create.Add(sw.Elapsed);
            sw.Restart();
            await VethPairConfigurator.RemoveAsync(config, ct);
            delete.Add(sw.Elapsed);
        }

        return (create, delete);
    }

    /// <summary>(b) the gRPC hops of a local Request (NSC→nsmgr→forwarder→NSE): <paramref name="hops"/> sequential unary calls to trivial servers on unix sockets.</summary>
    public static async Task<Samples> GrpcAsync(string dir, int hops, int count, TimeSpan budget, CancellationToken ct)
    {
        var samples = new Samples($"gRPC {hops} sequential unary calls");
        var servers = new List<NsmGrpcServer>();
        var channels = new List<Grpc.Net.Client.GrpcChannel>();
        try
        {
            var clients = new List<GrpcNetworkServiceClient>();
            for (var h = 0; h < hops; h++)
            {
                var url = new Uri("unix://" + Path.Combine(dir, $"floor-{h}.sock"));
                servers.Add(await NsmGrpcServer.StartAsync([url], new NsmServerChains { NetworkService = new EchoServer() }, cancellationToken: ct));
                var channel = NsmGrpcChannels.Create(url);
                channels.Add(channel);
                clients.Add(new GrpcNetworkServiceClient(channel.CreateCallInvoker()));
            }

            async Task OnceAsync(int i)
            {
                foreach (var c in clients)
                {
                    var request = new NetworkServiceRequest { Connection = new Connection { Id = "floor-" + i, NetworkService = "floor" } };
                    await c.RequestAsync(request, new NsmContext(cancellationToken: ct), NetworkServiceHandler.Tail);
                }
            }

            for (var i = 0; i < 50; i++)
            {
                await OnceAsync(i); // warm-up: JIT, HTTP/2 connections
            }

            var deadline = Stopwatch.StartNew();
            for (var i = 0; i < count && deadline.Elapsed < budget; i++)
            {
                var sw = Stopwatch.StartNew();
                await OnceAsync(i);
                samples.Add(sw.Elapsed);
            }
        }
        finally
        {
            foreach (var c in channels)
            {
                c.Dispose();
            }

            foreach (var s in servers)
            {
                await s.DisposeAsync();
            }
        }

        return samples;
    }

    /// <summary>Answers with the request's connection.</summary>
    private sealed class EchoServer : INetworkServiceServer
    {
        public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next) => ValueTask.FromResult(request.Connection);

        public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next) => ValueTask.CompletedTask;
    }
}
