using Nsm.Sdk.Core;
using IOPath = System.IO.Path;

namespace Nsm.Sdk.Testing;

/// <summary>Real gRPC servers on unix sockets in a private temp directory, each serving a counting chain.</summary>
public sealed class TestServers : IAsyncDisposable
{
    private readonly string _dir = IOPath.Combine(IOPath.GetTempPath(), "nsm-common-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly List<NsmGrpcServer> _servers = [];

    /// <summary>Gets the URL of the server named <paramref name="name"/> (started or not).</summary>
    /// <param name="name">The server's name.</param>
    /// <returns>Its unix socket URL.</returns>
    public Uri UrlOf(string name) => new("unix://" + IOPath.Combine(_dir, name + ".sock"));

    /// <summary>Starts a server at <see cref="UrlOf"/>(<paramref name="name"/>) serving a counting element followed by <paramref name="elements"/>.</summary>
    /// <param name="name">The server's name.</param>
    /// <param name="elements">The rest of its NetworkService chain.</param>
    /// <returns>The counting element at the head of its chain.</returns>
    public async Task<CountElement> StartAsync(string name, params INetworkServiceServer[] elements)
    {
        var count = new CountElement();
        var chain = new NetworkServiceServerChain([count, .. elements]);
        _servers.Add(await NsmGrpcServer.StartAsync([UrlOf(name)], new NsmServerChains { NetworkService = chain }));
        return count;
    }

    /// <summary>Stops every server and deletes the socket directory.</summary>
    /// <returns>A task that completes when everything is stopped.</returns>
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
