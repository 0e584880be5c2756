using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Nsm.Api.Registry;
using Nsm.Cmd.RegistryK8s.Kubernetes;
using Nsm.Sdk.Registry;
using Nsm.Sdk.Registry.Common.Memory;
using Nsm.Sdk.Registry.Memory;

namespace Nsm.Cmd.RegistryK8s.Storage;

/// <summary>
/// NetworkServiceEndpoints as <c>networkserviceendpoints.networkservicemesh.io</c> objects
/// (<see cref="KubernetesRegistryServer{T, TQuery, TResponse}"/>), with the sweeping of expired ones
/// (<see cref="ExpiredEndpointSweeper"/>).
/// </summary>
internal sealed class KubernetesNseServer
    : KubernetesRegistryServer<NetworkServiceEndpoint, NetworkServiceEndpointQuery, NetworkServiceEndpointResponse>, INetworkServiceEndpointRegistryServer
{
    private KubernetesNseServer(CustomResourceClient api, Sink sink, RegistryK8sOptions options, ILogger logger, CancellationToken lifetime)
        : base(api, sink, new MemoryNseServer(sink.Store, expireRecords: false), options, logger, lifetime)
    {
        Store = sink.Store;
        Sweeper = sink.Sweeper;
    }

    /// <summary>Gets the local copy.</summary>
    public NetworkServiceEndpointStore Store { get; }

    /// <summary>Gets the sweeper of expired objects.</summary>
    public ExpiredEndpointSweeper Sweeper { get; }

    /// <summary>Creates the element and starts its mirror.</summary>
    /// <param name="api">The NSE API.</param>
    /// <param name="options">Timings and clock.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="lifetime">Stops the mirror and the sweeper.</param>
    /// <returns>The element.</returns>
    public static KubernetesNseServer Create(CustomResourceClient api, RegistryK8sOptions options, ILogger logger, CancellationToken lifetime)
    {
        ArgumentNullException.ThrowIfNull(options);
        var store = new NetworkServiceEndpointStore(new RegistryStoreOptions { TimeProvider = options.TimeProvider });
        var sweeper = new ExpiredEndpointSweeper(api, options.TimeProvider, logger, lifetime);
        return new KubernetesNseServer(api, new Sink(store, sweeper), options, logger, lifetime);
    }

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync().ConfigureAwait(false);
        Sweeper.Dispose();
        Store.Dispose();
    }

    /// <inheritdoc />
    protected override string NameOf(NetworkServiceEndpoint item) => item.Name;

    /// <inheritdoc />
    protected override JsonObject ToObject(NetworkServiceEndpoint item) => RegistryResources.ToObject(item);

    /// <inheritdoc />
    protected override NetworkServiceEndpoint Decode(CustomResource resource) => RegistryResources.ToEndpoint(resource);

    private sealed class Sink(NetworkServiceEndpointStore store, ExpiredEndpointSweeper sweeper) : ICustomResourceSink<NetworkServiceEndpoint>
    {
        public NetworkServiceEndpointStore Store => store;

        public ExpiredEndpointSweeper Sweeper => sweeper;

        public NetworkServiceEndpoint Decode(CustomResource resource) => RegistryResources.ToEndpoint(resource);

        public void Put(NetworkServiceEndpoint record, CustomResource resource)
        {
            store.Put(record);
            if (record.ExpirationTime is { } at)
            {
                sweeper.Schedule(record.Name, resource.ResourceVersion, at.ToDateTimeOffset());
            }
            else
            {
                sweeper.Cancel(record.Name);
            }
        }

        public void Remove(string name, CustomResource? resource)
        {
            sweeper.Cancel(name);
            store.Delete(name);
        }
    }
}
