using Grpc.HealthCheck;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nsm.Sdk.Builder;
using Nsm.Sdk.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds NSM to a program's host: <c>services.AddNsm().AddEndpoint(...).ListenOn(...)</c>, then <c>app.MapNsm()</c>.</summary>
public static class NsmServiceCollectionExtensions
{
    /// <summary>
    /// Adds the NSM hosting services (once; later calls return a builder over the same registrations): the build
    /// context every component is built with, gRPC and health, the listen endpoints on Kestrel, and the hosted
    /// service that orders start and stop.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <returns>The builder.</returns>
    public static NsmBuilder AddNsm(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<NsmHostLifetime>();
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetServices<NsmHostOptionsChange>().Aggregate(new NsmHostOptions(), (o, change) => change.Apply(o));
            options.Validate();
            return options;
        });
        services.TryAddSingleton(sp =>
        {
            var credentials = sp.GetRequiredService<NsmHostOptions>().Credentials;
            return new NsmBuildContext
            {
                Lifetime = sp.GetRequiredService<NsmHostLifetime>().Components,
                TimeProvider = sp.GetRequiredService<TimeProvider>(),
                LoggerFactory = sp.GetRequiredService<ILoggerFactory>(),
                ConfigureChannel = credentials.IsSecure ? credentials.ConfigureChannel : null,
                Security = credentials.Security,
            };
        });
        NsmGrpcServices.Add(services);
        services.TryAddSingleton(_ => NsmPeerLimits.FromEnvironment(new NsmEnvironment()));
        Nsm.Sdk.Hosting.FdPassing.NsmFdPassingServices.Add(services);
        services.TryAddSingleton<HealthServiceImpl>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<KestrelServerOptions>, NsmKestrelSetup>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<Grpc.AspNetCore.Server.GrpcServiceOptions>, Nsm.Sdk.Hosting.Spiffe.TlsPeerInterceptorSetup>());

        // Registered first: its stopping step (which cuts the server's open calls) runs after every later one's
        // (registrations withdraw first), and its stopped step (which ends the components) after every StopAsync.
        services.AddHostedService<NsmHostedService>();
        return new NsmBuilder(services);
    }
}
