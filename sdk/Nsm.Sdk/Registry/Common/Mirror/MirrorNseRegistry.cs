using Nsm.Sdk.Builder;
using Nsm.Api.Registry;
using Nsm.Sdk.Registry.Common.Memory;
using Nsm.Sdk.Registry.Memory;

namespace Nsm.Sdk.Registry.Common.Mirror;

/// <summary>
/// A watched local copy of the NetworkServiceEndpoint registry behind a registry client (see
/// <see cref="RegistryMirror{T, TQuery, TResponse}"/>). Works in a server chain (nsmgr, in front of the element that
/// connects to the registry) and in a client chain (forwarder, in front of its registry client).
/// </summary>
public sealed class MirrorNseRegistry
    : RegistryMirror<NetworkServiceEndpoint, NetworkServiceEndpointQuery, NetworkServiceEndpointResponse>,
    INetworkServiceEndpointRegistryServer, INetworkServiceEndpointRegistryClient
{
    /// <summary>Initializes a new instance of the <see cref="MirrorNseRegistry"/> class and starts watching <paramref name="source"/>.</summary>
    /// <param name="source">The upstream registry client the copy watches.</param>
    /// <param name="options">The options.</param>
    /// <param name="context">The build context: the clock (record expiry, quiet periods, retry delays), the logger of sync and watch events, and the lifetime that ends the upstream watch.</param>
    public MirrorNseRegistry(INetworkServiceEndpointRegistryClient source, RegistryMirrorOptions? options = null, NsmBuildContext? context = null)
        : this(source, options, context ?? NsmBuildContext.Default, new NetworkServiceEndpointStore(new RegistryStoreOptions { TimeProvider = (context ?? NsmBuildContext.Default).TimeProvider }))
    {
    }

    private MirrorNseRegistry(INetworkServiceEndpointRegistryClient source, RegistryMirrorOptions? options, NsmBuildContext context, NetworkServiceEndpointStore store)
        : base(RegistryKinds.Endpoint, source, new MemoryNseServer(store), new(store.Find, store.Get, () => store.Count, store), options, context) => Start();

    /// <inheritdoc/>
    protected override NetworkServiceEndpointQuery AllQuery(bool watch) => new() { NetworkServiceEndpoint = new NetworkServiceEndpoint(), Watch = watch };

    /// <inheritdoc/>
    protected override bool IsLocal(NetworkServiceEndpointQuery query) =>
        query.NetworkServiceEndpoint is not { } nse || (!nse.Name.Contains('@', StringComparison.Ordinal) && !nse.NetworkServiceNames.Any(n => n.Contains('@', StringComparison.Ordinal)));

    /// <inheritdoc/>
    protected override NetworkServiceEndpoint? RecordOf(NetworkServiceEndpointQuery query) => query.NetworkServiceEndpoint;

    /// <inheritdoc/>
    protected override NetworkServiceEndpointResponse ToResponse(NetworkServiceEndpoint record) => new() { NetworkServiceEndpoint = record };
}
