using Nsm.Sdk.Core;
using IOPath = System.IO.Path;

namespace Nsm.Sdk.Testing;

/// <summary>Real gRPC servers on unix sockets in a private temp directory, each serving a counting chain.</summary>
public sealed class TestServers : IAsyncDisposable
{
    private readonly string _dir = IOPath.Combine(IOPath.GetTempPath(), "nsm-common-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly List<NsmGrpcServer> _servers = [];

    public Uri UrlOf(string name) => new("unix://" + IOPath.Combine(_dir, name + ".sock"));

    public async Task<CountElement> StartAsync(string name, params INetworkServiceServer[] elements)
    {
        var count = new CountElement();
        var chain = new NetworkServiceServerChain([count, .. elements]);
        _servers.Add(await NsmGrpcServer.StartAsync([UrlOf(name)], new NsmServerChains { NetworkService = chain }));
        return count;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }

        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }
}
