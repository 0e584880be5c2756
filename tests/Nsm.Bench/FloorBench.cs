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
    public static async Task<(Samples Create, Samples Retire, Samples Delete, Samples Open)> NetlinkAsync(Cleanup cleanup, int count, TimeSpan budget, CancellationToken ct)
    {
        var create = new Samples("veth create+addr+route+up");
        var retire = new Samples("veth retire (down + rename, both ends)");
        var delete = new Samples("veth delete");
        var open = new Samples("netlink socket opened in a namespace");
        using var a = await cleanup.CreateNamespaceAsync(Cleanup.Prefix + "floor-nsc", ct);
        using var b = await cleanup.CreateNamespaceAsync(Cleanup.Prefix + "floor-nse", ct);
        var deadline = Stopwatch.StartNew();
        for (var i = 0; i < count && deadline.Elapsed < budget; i++)
        {
            ct.ThrowIfCancellationRequested();
            var config = new VethPairConfig(
                new VethEndConfig(a, $"nsm-{i}")
                {
                    Addresses = [NetlinkPrefix.Parse("172.31.0.2/32")],
                    Routes = [new Route { Destination = NetlinkPrefix.Parse("172.31.0.1/32") }],
                },
                new VethEndConfig(b, $"nsmb-f{i}")
                {
                    Addresses = [NetlinkPrefix.Parse("172.31.0.1/32")],
                    Routes = [new Route { Destination = NetlinkPrefix.Parse("172.31.0.2/32") }],
                });
            var sw = Stopwatch.StartNew();
            using (await a.OpenNetlinkAsync(ct))
            {
                open.Add(sw.Elapsed);
            }

            sw.Restart();
            await VethPairConfigurator.CreateAsync(config, ct);
            create.Add(sw.Elapsed);
            sw.Restart();
            var retired = await VethPairConfigurator.RetireAsync(config, ct);
            retire.Add(sw.Elapsed);
            sw.Restart();
            await VethPairConfigurator.DeleteRetiredAsync(retired, ct);
            delete.Add(sw.Elapsed);
        }

        return (create, retire, delete, open);
    }

    /// <summary>(b) the gRPC hops of a local Request (NSC→nsmgr→forwarder→NSE): <paramref name="hops"/> sequential unary calls to trivial servers on unix sockets.</summary>
    public static async Task<Samples> GrpcAsync(string dir, int hops, int count, TimeSpan budget, CancellationToken ct, Cleanup? crossProcess = null)
    {
        var samples = new Samples(crossProcess is null ? $"gRPC {hops} sequential unary calls" : $"gRPC {hops} sequential unary calls, servers in {hops} processes");
        var servers = new List<NsmGrpcServer>();
        var channels = new List<Grpc.Net.Client.GrpcChannel>();
        try
        {
            var clients = new List<GrpcNetworkServiceClient>();
            for (var h = 0; h < hops; h++)
            {
                var socket = Path.Combine(dir, crossProcess is null ? $"floor-{h}.sock" : $"floor-x{h}.sock");
                var url = new Uri("unix://" + socket);
                if (crossProcess is null)
                {
                    servers.Add(await RunEchoServerAsync(url, ct));
                }
                else
                {
                    await StartEchoProcessAsync(crossProcess, socket, ct);
                }

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

    /// <summary>Serves the trivial echo service on <paramref name="url"/> (in this process; <c>--echo-server PATH</c> runs it alone).</summary>
    public static Task<NsmGrpcServer> RunEchoServerAsync(Uri url, CancellationToken ct) =>
        NsmGrpcServer.StartAsync([url], new NsmServerChains { NetworkService = new EchoServer() }, cancellationToken: ct);

    private static async Task StartEchoProcessAsync(Cleanup cleanup, string socket, CancellationToken ct)
    {
        var psi = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet") { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(psi.FileName) == "dotnet")
        {
            psi.ArgumentList.Add(typeof(FloorBench).Assembly.Location);
        }

        psi.ArgumentList.Add("--echo-server");
        psi.ArgumentList.Add(socket);
        var p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start the echo server process");
        cleanup.Track(p);
        var wait = Stopwatch.StartNew();
        while (!File.Exists(socket))
        {
            if (wait.Elapsed > TimeSpan.FromSeconds(20) || p.HasExited)
            {
                throw new InvalidOperationException($"echo server process did not open {socket}");
            }

            await Task.Delay(20, ct);
        }
    }

    /// <summary>Answers with the request's connection.</summary>
    private sealed class EchoServer : INetworkServiceServer
    {
        public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next) => ValueTask.FromResult(request.Connection);

        public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next) => ValueTask.CompletedTask;
    }
}
