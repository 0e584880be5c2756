using Nsm.Sdk.Chains.Nsmgr;
using Nsm.Sdk.Core;
using Nsm.Sdk.Registry.Chains;

namespace Nsm.Sdk.Tests.RegistryChains;

/// <summary>
/// An in-memory registry and an nsmgr that uses it, each served over its own unix socket in a temp folder: the two
/// registry hops (caller → nsmgr → registry) over real gRPC.
/// </summary>
internal sealed class NsmgrOverRegistry : IAsyncDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "nsm-mgrreg-" + Guid.NewGuid().ToString("N")[..8]);
    private NsmGrpcServer? _registryServer;
    private NsmgrServer? _nsmgr;
    private NsmGrpcServer? _nsmgrServer;

    private NsmgrOverRegistry()
    {
    }

    public MemoryRegistryServer Registry { get; } = new(new MemoryRegistryOptions { Name = "registry" });

    public Uri RegistryUrl => new("unix://" + Path.Combine(_dir, "registry.sock"));

    public Uri NsmgrUrl => new("unix://" + Path.Combine(_dir, "nsmgr.sock"));

    /// <summary>Starts both.</summary>
    /// <param name="registryChains">What the registry serves, around <see cref="Registry"/>; its own chains when <see langword="null"/>.</param>
    /// <param name="registryMirror">Whether the nsmgr mirrors the registry (then it answers Finds itself once in sync).</param>
    public static async Task<NsmgrOverRegistry> StartAsync(Func<MemoryRegistryServer, NsmServerChains>? registryChains = null, bool registryMirror = true)
    {
        var mesh = new NsmgrOverRegistry();
        mesh._registryServer = await NsmGrpcServer.StartAsync([mesh.RegistryUrl], registryChains?.Invoke(mesh.Registry) ?? mesh.Registry.Chains);
        mesh._nsmgr = new NsmgrServer(new NsmgrOptions
        {
            Name = "nsmgr",
            Url = mesh.NsmgrUrl,
            RegistryUrl = mesh.RegistryUrl,
            RegistryMirror = registryMirror,
            DialTimeout = TimeSpan.FromSeconds(5),
        });
        mesh._nsmgrServer = await NsmGrpcServer.StartAsync([mesh.NsmgrUrl], mesh._nsmgr.ServerChains);
        return mesh;
    }

    public async ValueTask DisposeAsync()
    {
        if (_nsmgrServer is not null)
        {
            await _nsmgrServer.DisposeAsync();
        }

        if (_nsmgr is not null)
        {
            await _nsmgr.DisposeAsync();
        }

        if (_registryServer is not null)
        {
            await _registryServer.DisposeAsync();
        }

        Registry.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
