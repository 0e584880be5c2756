using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using Grpc.Net.Client;
using Nsm.Api.Registry;
using Nsm.Sdk.Core;
using Nsm.Sdk.Registry;
using Nsm.Sdk.Registry.Chains;

namespace Nsm.Bench;

/// <summary>An in-process memory registry served over a unix socket, filled and queried through a gRPC client.</summary>
internal static class RegistryBench
{
    public static async Task RunAsync(Report report, string dir, int endpoints, int services, int calls, CancellationToken ct)
    {
        const string section = "2 registry";
        var url = new Uri("unix://" + Path.Combine(dir, "registry.sock"));
        using var registry = new MemoryRegistryServer(new MemoryRegistryOptions { DefaultExpiration = TimeSpan.FromHours(1) });
        await using var server = await NsmGrpcServer.StartAsync([url], registry.Chains, cancellationToken: ct);
        using var shared = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            ConnectCallback = async (_, token) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(NsmUrl.SocketPath(url)), token);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        await using var client = new EndpointRegistryClient(new RegistryClientOptions
        {
            RegistryUrl = url,
            RefreshEnabled = false,
            HealEnabled = false,
            RetryEnabled = false,

            // The SDK's registry client keeps one HTTP/2 connection per registered NSE (the dial slot lives with the
            // registration); 10,000 registrations from one process would need 20,000 fds. Real NSEs are separate
            // processes, so here all registrations share one connection pool instead.
            ChannelFactory = _ => GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions { HttpHandler = shared, DisposeHttpClient = false }),
        });

        NetworkServiceEndpoint Nse(int i) => new()
        {
            Name = "nsmb-nse-" + i.ToString(CultureInfo.InvariantCulture),
            Url = "tcp://127.0.0.1:" + (10000 + (i % 50000)).ToString(CultureInfo.InvariantCulture),
            NetworkServiceNames = { "svc-" + (i % services).ToString(CultureInfo.InvariantCulture) },
        };

        // Fill: 4 concurrent registrants; the last `calls` registrations are timed one at a time.
        var fill = Stopwatch.StartNew();
        var next = -1;
        var fillCount = endpoints - calls;
        await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < fillCount)
            {
                await client.RegisterAsync(Nse(i), new NsmContext(cancellationToken: ct));
            }
        }));
        var register = new Samples("Register (at 9k-10k NSEs)".Replace("9k-10k", $"{fillCount / 1000}k-{endpoints / 1000}k", StringComparison.Ordinal));
        for (var i = fillCount; i < endpoints; i++)
        {
            var sw = Stopwatch.StartNew();
            await client.RegisterAsync(Nse(i), new NsmContext(cancellationToken: ct));
            register.Add(sw.Elapsed);
        }

        var fillRate = endpoints / fill.Elapsed.TotalSeconds;
        report.Add(new Row(section, "fill rate (4 concurrent registrants, then sequential)", fillRate, "NSE/s", "", null, $"{endpoints} NSEs over {services} services in {fill.Elapsed.TotalSeconds:F1} s"));
        report.AddLatency(section, register, note: $"{endpoints} NSEs registered");

        var rng = new Random(42);
        var perService = endpoints / services;
        async Task<TimeSpan> FindByNameAsync()
        {
            var name = "nsmb-nse-" + rng.Next(endpoints).ToString(CultureInfo.InvariantCulture);
            var sw = Stopwatch.StartNew();
            var found = await client.FindEndpointsAsync(new NetworkServiceEndpoint { Name = name }, new NsmContext(cancellationToken: ct));
            var elapsed = sw.Elapsed;
            return found.Count == 1 ? elapsed : throw new InvalidOperationException($"Find {name} returned {found.Count} endpoints");
        }

        async Task<TimeSpan> FindByServiceAsync()
        {
            var svc = "svc-" + rng.Next(services).ToString(CultureInfo.InvariantCulture);
            var sw = Stopwatch.StartNew();
            var found = await client.FindEndpointsAsync(new NetworkServiceEndpoint { NetworkServiceNames = { svc } }, new NsmContext(cancellationToken: ct));
            var elapsed = sw.Elapsed;
            return found.Count == perService ? elapsed : throw new InvalidOperationException($"Find {svc} returned {found.Count} endpoints, expected {perService}");
        }

        // Warm-up, untimed: the Register rows come after 9,000 fills, while Find's paths would otherwise be timed while
        // the runtime still tiers their code up (on a busy 2-core machine that takes over a thousand calls).
        var warm = Stopwatch.StartNew();
        for (var i = 0; i < calls; i++)
        {
            await FindByNameAsync();
            await FindByServiceAsync();
        }

        warm.Stop();
        var byName = new Samples("Find by name");
        var alloc = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < calls; i++)
        {
            byName.Add(await FindByNameAsync());
        }

        var nameAlloc = (GC.GetTotalAllocatedBytes(precise: true) - alloc) / 1024.0 / calls;
        report.AddLatency(section, byName, p99Max: 5, note: $"at {endpoints} NSEs, after {calls} untimed Finds of each kind ({warm.Elapsed.TotalSeconds:F1} s)");

        var byService = new Samples("Find by service");
        alloc = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < calls; i++)
        {
            byService.Add(await FindByServiceAsync());
        }

        var serviceAlloc = (GC.GetTotalAllocatedBytes(precise: true) - alloc) / 1024.0 / calls;
        report.AddLatency(section, byService, p99Max: 5, note: $"{perService} NSEs per answer");
        report.Add(new Row(section, "allocated per Find by name", nameAlloc, "KiB", "", null, "client and server, one process"));
        report.Add(new Row(section, "allocated per Find by service", serviceAlloc, "KiB", "", null, $"client and server, {perService} NSEs per answer"));
    }
}
