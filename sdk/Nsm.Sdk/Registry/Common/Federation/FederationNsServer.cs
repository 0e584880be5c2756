using Nsm.Api.Registry;

namespace Nsm.Sdk.Registry.Common.Federation;

/// <summary>The NetworkService half of <see cref="FederationRegistryServer{T, TQuery, TResponse}"/>.</summary>
/// <param name="federation">The other cluster's registry.</param>
public sealed class FederationNsServer(RegistryFederation federation)
    : FederationRegistryServer<NetworkService, NetworkServiceQuery, NetworkServiceResponse>(federation), INetworkServiceRegistryServer
{
    private protected override (Uri Url, IRegistryElement<NetworkService, NetworkServiceQuery, NetworkServiceResponse> Client)? Remote(RegistryFederation federation) =>
        federation.Services() is { } remote ? (remote.Url, remote.Client) : null;

    private protected override bool IsWatch(NetworkServiceQuery query) => query.Watch;

    private protected override string NameOf(NetworkServiceResponse response) => response.NetworkService?.Name ?? string.Empty;

    private protected override bool IsDeleted(NetworkServiceResponse response) => response.Deleted;
}
