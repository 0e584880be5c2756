using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Nsm.Api.Registry;
using Nsm.Cmd.RegistryK8s.Kubernetes;
using Nsm.Sdk.Registry;
using Nsm.Sdk.Registry.Common.Memory;
using Nsm.Sdk.Registry.Memory;

namespace Nsm.Cmd.RegistryK8s.Storage;

/// <summary>
/// NetworkServices as <c>networkservices.networkservicemesh.io</c> objects
/// (<see cref="KubernetesRegistryServer{T, TQuery, TResponse}"/>); they never expire.
/// </summary>
internal sealed class KubernetesNsServer
    : KubernetesRegistryServer<NetworkService, NetworkServiceQuery, NetworkServiceResponse>, INetworkServiceRegistryServer
{
    private KubernetesNsServer(CustomResourceClient api, Sink sink, RegistryK8sOptions options, ILogger logger, CancellationToken lifetime)
        : base(api, sink, new MemoryNsServer(sink.Store), options, logger, lifetime) => Store = sink.Store;

    /// <summary>Gets the local copy.</summary>
    public NetworkServiceStore Store { get; }

    /// <summary>Creates the element and starts its mirror.</summary>
    /// <param name="api">The NS API.</param>
    /// <param name="options">Timings and clock.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="lifetime">Stops the mirror.</param>
    /// <returns>The element.</returns>
    public static KubernetesNsServer Create(CustomResourceClient api, RegistryK8sOptions options, ILogger logger, CancellationToken lifetime)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new KubernetesNsServer(api, new Sink(new NetworkServiceStore(new RegistryStoreOptions { TimeProvider = options.TimeProvider })), options, logger, lifetime);
    }

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync().ConfigureAwait(false);
        Store.Dispose();
    }

    /// <inheritdoc />
    protected override string NameOf(NetworkService item) => item.Name;

    /// <inheritdoc />
    protected override JsonObject ToObject(NetworkService item) => RegistryResources.ToObject(item);

    /// <inheritdoc />
    protected override NetworkService Decode(CustomResource resource) => RegistryResources.ToService(resource);

    private sealed class Sink(NetworkServiceStore store) : ICustomResourceSink<NetworkService>
    {
        public NetworkServiceStore Store => store;

        public NetworkService Decode(CustomResource resource) => RegistryResources.ToService(resource);

        public void Put(NetworkService record, CustomResource resource) => store.Put(record);

        public void Remove(string name, CustomResource? resource) => store.Delete(name);
    }
}
