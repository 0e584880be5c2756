using Grpc.Health.V1;
using Grpc.HealthCheck;
using Microsoft.AspNetCore.Builder;
using Nsm.Sdk.Core;
using Nsm.Sdk.Registry;

namespace Nsm.Sdk.Hosting;

/// <summary>Maps the gRPC service of each chain a host serves and marks it SERVING in the health service.</summary>
internal static class NsmChainServices
{
    /// <summary>Maps the services of <paramref name="chains"/> that are set.</summary>
    /// <param name="app">The application.</param>
    /// <param name="chains">The chains.</param>
    /// <param name="health">The health service to mark each mapped service SERVING in.</param>
    public static void Map(WebApplication app, NsmServerChains chains, HealthServiceImpl health)
    {
        if (chains.NetworkService is not null)
        {
            app.MapGrpcService<NsmGrpcService<NetworkServiceGrpcService>>();
            health.SetStatus("networkservice.NetworkService", HealthCheckResponse.Types.ServingStatus.Serving);
        }

        if (chains.MonitorConnection is not null)
        {
            app.MapGrpcService<NsmGrpcService<MonitorConnectionGrpcService>>();
            health.SetStatus("connection.MonitorConnection", HealthCheckResponse.Types.ServingStatus.Serving);
        }

        if (chains.EndpointRegistry is not null)
        {
            app.MapGrpcService<NsmGrpcService<NetworkServiceEndpointRegistryGrpcService>>();
            health.SetStatus("registry.NetworkServiceEndpointRegistry", HealthCheckResponse.Types.ServingStatus.Serving);
        }

        if (chains.ServiceRegistry is not null)
        {
            app.MapGrpcService<NsmGrpcService<NetworkServiceRegistryGrpcService>>();
            health.SetStatus("registry.NetworkServiceRegistry", HealthCheckResponse.Types.ServingStatus.Serving);
        }
    }
}
