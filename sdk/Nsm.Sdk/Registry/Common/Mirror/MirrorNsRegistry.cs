using Nsm.Sdk.Builder;
using Nsm.Api.Registry;
using Nsm.Sdk.Registry.Common.Memory;
using Nsm.Sdk.Registry.Memory;

namespace Nsm.Sdk.Registry.Common.Mirror;

/// <summary>
/// A watched local copy of the NetworkService registry behind a registry client (see
/// <see cref="RegistryMirror{T, TQuery, TResponse}"/>), for server chains (nsmgr) and client chains (forwarder).
/// </summary>
public sealed class MirrorNsRegistry
    : RegistryMirror<NetworkService, NetworkServiceQuery, NetworkServiceResponse>,
    INetworkServiceRegistryServer, INetworkServiceRegistryClient
{
    /// <summary>Initializes a new instance of the <see cref="MirrorNsRegistry"/> class and starts watching <paramref name="source"/>.</summary>
    /// <param name="source">The upstream registry client the copy watches.</param>
    /// <param name="options">The options.</param>
    /// <param name="context">The build context: the clock (record expiry, quiet periods, retry delays), the logger of sync and watch events, and the lifetime that ends the upstream watch.</param>
    public MirrorNsRegistry(INetworkServiceRegistryClient source, RegistryMirrorOptions? options = null, NsmBuildContext? context = null)
        : this(source, options, context ?? NsmBuildContext.Default, new NetworkServiceStore(new RegistryStoreOptions { TimeProvider = (context ?? NsmBuildContext.Default).TimeProvider }))
    {
    }

    private MirrorNsRegistry(INetworkServiceRegistryClient source, RegistryMirrorOptions? options, NsmBuildContext context, NetworkServiceStore store)
        : base(RegistryKinds.Service, source, new MemoryNsServer(store), new(store.Find, store.Get, () => store.Count, store), options, context) => Start();

    /// <inheritdoc/>
    protected override NetworkServiceQuery AllQuery(bool watch) => new() { NetworkService = new NetworkService(), Watch = watch };

    /// <inheritdoc/>
    protected override bool IsLocal(NetworkServiceQuery query) =>
        query.NetworkService is not { } ns || !ns.Name.Contains('@', StringComparison.Ordinal);

    /// <inheritdoc/>
    protected override NetworkService? RecordOf(NetworkServiceQuery query) => query.NetworkService;

    /// <inheritdoc/>
    protected override NetworkServiceResponse ToResponse(NetworkService record) => new() { NetworkService = record };
}
