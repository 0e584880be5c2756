using Nsm.Api.Registry;

namespace Nsm.Sdk.Registry.Common.Federation;

/// <summary>The NetworkServiceEndpoint half of <see cref="FederationRegistryServer{T, TQuery, TResponse}"/>.</summary>
/// <param name="federation">The other cluster's registry.</param>
public sealed class FederationNseServer(RegistryFederation federation)
    : FederationRegistryServer<NetworkServiceEndpoint, NetworkServiceEndpointQuery, NetworkServiceEndpointResponse>(federation), INetworkServiceEndpointRegistryServer
{
    private protected override (Uri Url, IRegistryElement<NetworkServiceEndpoint, NetworkServiceEndpointQuery, NetworkServiceEndpointResponse> Client)? Remote(RegistryFederation federation) =>
        federation.Endpoints() is { } remote ? (remote.Url, remote.Client) : null;

    private protected override bool IsWatch(NetworkServiceEndpointQuery query) => query.Watch;

    private protected override string NameOf(NetworkServiceEndpointResponse response) => response.NetworkServiceEndpoint?.Name ?? string.Empty;

    private protected override bool IsDeleted(NetworkServiceEndpointResponse response) => response.Deleted;
}
