using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Nsm.Sdk.Hosting.FdPassing;

/// <summary>Registers grpcfd-compatible FD passing on the host's unix sockets (transport and interceptor).</summary>
internal static class NsmFdPassingServices
{
    public static void Add(IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConnectionListenerFactory, FdUnixTransportFactory>());
        services.Configure<GrpcServiceOptions>(o =>
        {
            if (!o.Interceptors.Any(i => i.Type == typeof(FdReceiverInterceptor)))
            {
                o.Interceptors.Add<FdReceiverInterceptor>();
            }
        });
    }
}
