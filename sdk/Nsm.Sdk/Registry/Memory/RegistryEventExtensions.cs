using Nsm.Api.Registry;

namespace Nsm.Sdk.Registry.Memory;

/// <summary>Converts store events into Find responses.</summary>
public static class RegistryEventExtensions
{
    /// <summary>The Find response carrying this event.</summary>
    /// <param name="registryEvent">The event.</param>
    /// <returns>A response with <c>network_service</c> and <c>deleted</c> set.</returns>
    public static NetworkServiceResponse ToResponse(this RegistryEvent<NetworkService> registryEvent) =>
        new() { NetworkService = registryEvent.Record, Deleted = registryEvent.Deleted };

    /// <summary>The Find response carrying this event.</summary>
    /// <param name="registryEvent">The event.</param>
    /// <returns>A response with <c>network_service_endpoint</c> and <c>deleted</c> set.</returns>
    public static NetworkServiceEndpointResponse ToResponse(this RegistryEvent<NetworkServiceEndpoint> registryEvent) =>
        new() { NetworkServiceEndpoint = registryEvent.Record, Deleted = registryEvent.Deleted };
}
