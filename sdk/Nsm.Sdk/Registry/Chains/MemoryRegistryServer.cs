using Nsm.Sdk.Builder;
using Nsm.Sdk.Core;
using Nsm.Sdk.Registry.Common.Memory;
using Nsm.Sdk.Registry.Memory;
using Nsm.Sdk.Tokens;

namespace Nsm.Sdk.Registry.Chains;

/// <summary>
/// The in-memory registry (upstream <c>chains/memory</c>, served by cmd-registry-memory): the chains of
/// <see cref="RegistryServer"/> over in-memory stores, with the stores and timers they own.
/// </summary>
/// <remarks>
/// As upstream, every Register and Unregister answers with the <c>path</c> response header (wire spec §4.3) when the
/// caller sent one, and the stored record's <c>path_ids</c> end with the registry's own SPIFFE ID. Expiry-driven
/// unregistrations start below authorize. With <see cref="MemoryRegistryOptions.ProxyRegistryUrl"/>, records and
/// queries that name another domain (<c>name@domain</c>) go to that proxy registry (the nsmgr-proxy) right after begin
/// (NSE) or authorize (NS) instead of the local store, as upstream's switchcase.
/// </remarks>
public sealed class MemoryRegistryServer : IDisposable, IAsyncDisposable
{
    private readonly RegistryServer _registry;

    /// <summary>Builds the chains.</summary>
    /// <param name="options">The settings; defaults when <see langword="null"/>.</param>
    /// <param name="context">The build context: the clock of the stores and timers.</param>
    public MemoryRegistryServer(MemoryRegistryOptions? options = null, NsmBuildContext? context = null)
    {
        options ??= new MemoryRegistryOptions();
        context ??= NsmBuildContext.Default;
        var storeOptions = new RegistryStoreOptions { TimeProvider = context.TimeProvider };
        EndpointStore = new NetworkServiceEndpointStore(storeOptions);
        ServiceStore = new NetworkServiceStore(storeOptions);
        _registry = new RegistryServer(options, context, new MemoryNseServer(EndpointStore), new MemoryNsServer(ServiceStore));
    }

    /// <summary>Gets the generator of the registry's own path tokens.</summary>
    public ITokenGenerator TokenGenerator => _registry.TokenGenerator;

    /// <summary>Gets the NSE store.</summary>
    public NetworkServiceEndpointStore EndpointStore { get; }

    /// <summary>Gets the NS store.</summary>
    public NetworkServiceStore ServiceStore { get; }

    /// <summary>Gets the NSE registry server chain.</summary>
    public NetworkServiceEndpointRegistryServerChain EndpointChain => _registry.EndpointChain;

    /// <summary>Gets the NS registry server chain.</summary>
    public NetworkServiceRegistryServerChain ServiceChain => _registry.ServiceChain;

    /// <summary>Gets the chains to serve with <c>NsmGrpcServer</c> (Nsm.Sdk.Hosting).</summary>
    public NsmServerChains Chains => _registry.Chains;

    /// <summary>Gets the number of pending expiry timers (for leak checks).</summary>
    public int PendingExpiries => _registry.PendingExpiries;

    /// <summary>Stops the timers and ends every watch.</summary>
    public void Dispose()
    {
        _registry.Dispose();
        EndpointStore.Dispose();
        ServiceStore.Dispose();
    }

    /// <summary>Stops the timers, ends every watch and closes the connections to the proxy registry.</summary>
    /// <returns>A task that completes when everything has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        await _registry.DisposeAsync().ConfigureAwait(false);
        EndpointStore.Dispose();
        ServiceStore.Dispose();
    }
}
