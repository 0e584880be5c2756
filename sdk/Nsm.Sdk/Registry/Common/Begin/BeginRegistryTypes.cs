using Nsm.Api.Registry;

namespace Nsm.Sdk.Registry.Common.Begin;

/// <summary>The NetworkServiceEndpoint registry <c>begin</c> element (server side); see <see cref="BeginRegistry{T, TQuery, TResponse}"/>.</summary>
public sealed class BeginNseServer() : BeginRegistry<NetworkServiceEndpoint, NetworkServiceEndpointQuery, NetworkServiceEndpointResponse>(RegistryKinds.Endpoint, server: true, unregisterUnknown: true),
    INetworkServiceEndpointRegistryServer
{
    /// <inheritdoc />
    protected internal override NetworkServiceEndpoint ToRegistration(NetworkServiceEndpoint response, string name) => BeginRegistration.Endpoint(response, name);
}

/// <summary>The NetworkServiceEndpoint registry <c>begin</c> element (client side); see <see cref="BeginRegistry{T, TQuery, TResponse}"/>.</summary>
public sealed class BeginNseClient() : BeginRegistry<NetworkServiceEndpoint, NetworkServiceEndpointQuery, NetworkServiceEndpointResponse>(RegistryKinds.Endpoint, server: false, unregisterUnknown: true),
    INetworkServiceEndpointRegistryClient
{
    /// <inheritdoc />
    protected internal override NetworkServiceEndpoint ToRegistration(NetworkServiceEndpoint response, string name) => BeginRegistration.Endpoint(response, name);
}

/// <summary>The NetworkService registry <c>begin</c> element (server side); an Unregister for an unknown name succeeds without calling next.</summary>
public sealed class BeginNsServer() : BeginRegistry<NetworkService, NetworkServiceQuery, NetworkServiceResponse>(RegistryKinds.Service, server: true, unregisterUnknown: false),
    INetworkServiceRegistryServer
{
    /// <inheritdoc />
    protected internal override NetworkService ToRegistration(NetworkService response, string name) => BeginRegistration.Service(response, name);
}

/// <summary>The NetworkService registry <c>begin</c> element (client side); an Unregister for an unknown name succeeds without calling next.</summary>
public sealed class BeginNsClient() : BeginRegistry<NetworkService, NetworkServiceQuery, NetworkServiceResponse>(RegistryKinds.Service, server: false, unregisterUnknown: false),
    INetworkServiceRegistryClient
{
    /// <inheritdoc />
    protected internal override NetworkService ToRegistration(NetworkService response, string name) => BeginRegistration.Service(response, name);
}

internal static class BeginRegistration
{
    public static NetworkServiceEndpoint Endpoint(NetworkServiceEndpoint response, string name)
    {
        var copy = response.Clone();
        copy.Name = name;
        copy.ExpirationTime = null;
        return copy;
    }

    public static NetworkService Service(NetworkService response, string name)
    {
        var copy = response.Clone();
        copy.Name = name;
        return copy;
    }
}
