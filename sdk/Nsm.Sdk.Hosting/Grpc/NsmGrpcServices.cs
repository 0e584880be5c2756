using Grpc.AspNetCore.Server.Model;
using Grpc.Health.V1;
using Grpc.HealthCheck;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Nsm.Sdk.Core;
using Nsm.Sdk.Registry;
using MonitorApi = Nsm.Api.NetworkService.MonitorConnection;
using NetworkServiceApi = Nsm.Api.NetworkService.NetworkService;
using RegistryApi = Nsm.Api.Registry;

namespace Nsm.Sdk.Hosting;

/// <summary>
/// ASP.NET Core gRPC as every NSM host sets it up: explicit message size limits (grpc-go's 4 MiB received; larger is
/// RESOURCE_EXHAUSTED), and the NSM services and gRPC health bound so that malformed requests are answered INTERNAL, as grpc-go does.
/// </summary>
internal static class NsmGrpcServices
{
    /// <summary>The largest message a server or client receives (grpc-go's default).</summary>
    public const int MaxReceiveMessageSize = 4 * 1024 * 1024;

    /// <summary>Adds gRPC with the limits and the NSM service bindings.</summary>
    public static IServiceCollection Add(IServiceCollection services)
    {
        services.AddGrpc(o => o.MaxReceiveMessageSize = MaxReceiveMessageSize);
        services.TryAddSingleton<IServiceMethodProvider<NsmGrpcService<NetworkServiceGrpcService>>>(sp =>
            new NsmServiceMethodProvider<NetworkServiceGrpcService>(sp, NetworkServiceApi.BindService));
        services.TryAddSingleton<IServiceMethodProvider<NsmGrpcService<MonitorConnectionGrpcService>>>(sp =>
            new NsmServiceMethodProvider<MonitorConnectionGrpcService>(sp, MonitorApi.BindService));
        services.TryAddSingleton<IServiceMethodProvider<NsmGrpcService<NetworkServiceEndpointRegistryGrpcService>>>(sp =>
            new NsmServiceMethodProvider<NetworkServiceEndpointRegistryGrpcService>(sp, RegistryApi.NetworkServiceEndpointRegistry.BindService));
        services.TryAddSingleton<IServiceMethodProvider<NsmGrpcService<NetworkServiceRegistryGrpcService>>>(sp =>
            new NsmServiceMethodProvider<NetworkServiceRegistryGrpcService>(sp, RegistryApi.NetworkServiceRegistry.BindService));
        services.TryAddSingleton<IServiceMethodProvider<NsmGrpcService<HealthServiceImpl>>>(sp =>
            new NsmServiceMethodProvider<HealthServiceImpl>(sp, Health.BindService));
        return services;
    }
}
