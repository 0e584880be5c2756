using Nsm.Sdk.Registry;

namespace Nsm.Sdk.Core;

/// <summary>The chains one component serves over gRPC; unset ones are not served.</summary>
public sealed record NsmServerChains
{
    /// <summary>Gets the NetworkService server chain.</summary>
    public INetworkServiceServer? NetworkService { get; init; }

    /// <summary>Gets the MonitorConnection server chain.</summary>
    public IMonitorConnectionServer? MonitorConnection { get; init; }

    /// <summary>Gets the NetworkServiceEndpoint registry server chain.</summary>
    public INetworkServiceEndpointRegistryServer? EndpointRegistry { get; init; }

    /// <summary>Gets the NetworkService registry server chain.</summary>
    public INetworkServiceRegistryServer? ServiceRegistry { get; init; }
}
