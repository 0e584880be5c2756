namespace Nsm.Sdk.Core;

/// <summary>The chains one component serves over gRPC; unset ones are not served.</summary>
public sealed record NsmServerChains
{
    /// <summary>Gets the NetworkService server chain.</summary>
    public INetworkServiceServer? NetworkService { get; init; }

    /// <summary>Gets the MonitorConnection server chain.</summary>
    public IMonitorConnectionServer? MonitorConnection { get; init; }
}
