using Nsm.Sdk.Chains.Forwarder;
using Nsm.Sdk.Chains.Nsmgr;
using Nsm.Sdk.Core;

namespace Nsm.Packaging.Tests;

/// <summary>An nsmgr (in-memory registry) and a registered forwarder, served over gRPC on unix sockets in <c>dir</c>.</summary>
internal sealed class InProcessMesh : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _owned = [];

    private InProcessMesh(string dir)
    {
        NsmgrUrl = new Uri("unix://" + Path.Combine(dir, "nsmgr.sock"));
        ForwarderUrl = new Uri("unix://" + Path.Combine(dir, "forwarder.sock"));
    }

    public Uri NsmgrUrl { get; }

    public Uri ForwarderUrl { get; }

    public static async Task<InProcessMesh> StartAsync(string dir)
    {
        var mesh = new InProcessMesh(dir);
        try
        {
            var nsmgr = new NsmgrServer(new NsmgrOptions
            {
                Name = "nsmgr-packaging",
                Url = mesh.NsmgrUrl,
                DialTimeout = TimeSpan.FromSeconds(5),
                ExcludedPrefixesConfigPath = Path.Combine(dir, "excluded_prefixes.yaml"),
            });
            mesh._owned.Add(nsmgr);
            mesh._owned.Add(await NsmGrpcServer.StartAsync([mesh.NsmgrUrl], nsmgr.ServerChains));

            var forwarder = new ForwarderServer(new ForwarderOptions { Name = "forwarder-packaging", Url = mesh.ForwarderUrl, NsmgrUrl = mesh.NsmgrUrl });
            mesh._owned.Add(forwarder);
            mesh._owned.Add(await NsmGrpcServer.StartAsync([mesh.ForwarderUrl], forwarder.ServerChains));
            await forwarder.RegisterAsync().WaitAsync(TimeSpan.FromSeconds(10));
            return mesh;
        }
        catch
        {
            await mesh.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            await _owned[i].DisposeAsync();
        }
    }
}
