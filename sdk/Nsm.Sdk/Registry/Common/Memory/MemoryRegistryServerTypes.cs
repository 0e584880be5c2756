using System.Runtime.CompilerServices;
using Nsm.Api.Registry;
using Nsm.Sdk.Registry.Memory;

namespace Nsm.Sdk.Registry.Common.Memory;

/// <summary>The NetworkServiceEndpoint registry <c>memory</c> server element over a <see cref="NetworkServiceEndpointStore"/>.</summary>
/// <remarks>
/// The store keeps <c>initial_registration_time</c> across refreshes. When <c>expireRecords</c> is on, a stored NSE with an
/// <c>expiration_time</c> is also deleted by the store at that time: a safety net behind the <c>expire</c> element, which
/// normally unregisters it earlier.
/// </remarks>
/// <param name="store">The store; the caller owns and disposes it.</param>
/// <param name="expireRecords">Whether the store deletes records at their <c>expiration_time</c>; default on.</param>
public sealed class MemoryNseServer(NetworkServiceEndpointStore store, bool expireRecords = true)
    : MemoryRegistryServer<NetworkServiceEndpoint, NetworkServiceEndpointQuery, NetworkServiceEndpointResponse>(RegistryKinds.Endpoint, nextFirst: true),
    INetworkServiceEndpointRegistryServer
{
    /// <summary>Gets the store.</summary>
    public NetworkServiceEndpointStore Store { get; } = store ?? throw new ArgumentNullException(nameof(store));

    /// <inheritdoc />
    protected override NetworkServiceEndpoint Put(NetworkServiceEndpoint item)
    {
        var stored = Store.Put(item);
        if (expireRecords && stored.ExpirationTime is { } at)
        {
            Store.ExpireAt(stored.Name, at.ToDateTimeOffset());
        }

        return stored;
    }

    /// <inheritdoc />
    protected override void Delete(string name) => Store.Delete(name);

    /// <inheritdoc />
    protected override IEnumerable<NetworkServiceEndpointResponse> Snapshot(NetworkServiceEndpointQuery query) =>
        Store.Find(query.NetworkServiceEndpoint).Select(nse => new NetworkServiceEndpointResponse { NetworkServiceEndpoint = nse });

    /// <inheritdoc />
    private protected override IEnumerable<NetworkServiceEndpointResponse> SharedSnapshot(NetworkServiceEndpointQuery query) =>
        Store.FindShared(query.NetworkServiceEndpoint).Select(nse => new NetworkServiceEndpointResponse { NetworkServiceEndpoint = nse });

    /// <inheritdoc />
    protected override async IAsyncEnumerable<NetworkServiceEndpointResponse> Watch(NetworkServiceEndpointQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var e in Store.Watch(query.NetworkServiceEndpoint, cancellationToken).ConfigureAwait(false))
        {
            yield return e.ToResponse();
        }
    }
}

/// <summary>The NetworkService registry <c>memory</c> server element over a <see cref="NetworkServiceStore"/>.</summary>
/// <param name="store">The store; the caller owns and disposes it.</param>
public sealed class MemoryNsServer(NetworkServiceStore store)
    : MemoryRegistryServer<NetworkService, NetworkServiceQuery, NetworkServiceResponse>(RegistryKinds.Service, nextFirst: false),
    INetworkServiceRegistryServer
{
    /// <summary>Gets the store.</summary>
    public NetworkServiceStore Store { get; } = store ?? throw new ArgumentNullException(nameof(store));

    /// <inheritdoc />
    protected override NetworkService Put(NetworkService item) => Store.Put(item);

    /// <inheritdoc />
    protected override void Delete(string name) => Store.Delete(name);

    /// <inheritdoc />
    protected override IEnumerable<NetworkServiceResponse> Snapshot(NetworkServiceQuery query) =>
        Store.Find(query.NetworkService).Select(ns => new NetworkServiceResponse { NetworkService = ns });

    /// <inheritdoc />
    private protected override IEnumerable<NetworkServiceResponse> SharedSnapshot(NetworkServiceQuery query) =>
        Store.FindShared(query.NetworkService).Select(ns => new NetworkServiceResponse { NetworkService = ns });

    /// <inheritdoc />
    protected override async IAsyncEnumerable<NetworkServiceResponse> Watch(NetworkServiceQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var e in Store.Watch(query.NetworkService, cancellationToken).ConfigureAwait(false))
        {
            yield return e.ToResponse();
        }
    }
}
