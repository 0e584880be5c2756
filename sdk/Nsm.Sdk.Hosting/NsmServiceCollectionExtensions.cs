using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nsm.Sdk.Chains.Client;
using Nsm.Sdk.Chains.Endpoint;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Hosting;

/// <summary>DI registrations for NSM chains and the gRPC server that serves them in a Generic Host program.</summary>
public static class NsmServiceCollectionExtensions
{
    /// <summary>Registers an <see cref="NsmEndpoint"/> singleton built from options.</summary>
    /// <param name="services">The services.</param>
    /// <param name="options">Builds the options (the host's <see cref="TimeProvider"/> and lifetime are filled in when left default).</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddNsmEndpoint(this IServiceCollection services, Func<IServiceProvider, EndpointOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp =>
        {
            var o = options(sp);
            return new NsmEndpoint(o with { Lifetime = o.Lifetime.CanBeCanceled ? o.Lifetime : Stopping(sp) });
        });
        return services;
    }

    /// <summary>Registers an <see cref="NsmClient"/> singleton built from options.</summary>
    /// <param name="services">The services.</param>
    /// <param name="options">Builds the options.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddNsmClient(this IServiceCollection services, Func<IServiceProvider, ClientOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton(sp =>
        {
            var o = options(sp);
            return new NsmClient(o with { Lifetime = o.Lifetime.CanBeCanceled ? o.Lifetime : Stopping(sp) });
        });
        return services;
    }

    /// <summary>Serves chains over gRPC on <paramref name="urls"/> while the host runs (with the host's logging and clock).</summary>
    /// <param name="services">The services.</param>
    /// <param name="urls">Where to listen (<c>unix:///path</c>, <c>tcp://host:port</c>).</param>
    /// <param name="chains">Picks the chains to serve, e.g. <c>sp =&gt; sp.GetRequiredService&lt;NsmEndpoint&gt;().ServerChains</c>.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddNsmGrpcServer(this IServiceCollection services, IReadOnlyList<Uri> urls, Func<IServiceProvider, NsmServerChains> chains)
    {
        ArgumentNullException.ThrowIfNull(urls);
        ArgumentNullException.ThrowIfNull(chains);
        services.TryAddSingleton(TimeProvider.System);
        services.AddHostedService(sp => new NsmGrpcServerService(urls, () => chains(sp), sp.GetRequiredService<ILoggerFactory>(), sp.GetRequiredService<TimeProvider>()));
        return services;
    }

    private static CancellationToken Stopping(IServiceProvider sp) =>
        sp.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;

    private sealed class NsmGrpcServerService(IReadOnlyList<Uri> urls, Func<NsmServerChains> chains, ILoggerFactory loggerFactory, TimeProvider clock) : IHostedService
    {
        private NsmGrpcServer? _server;

        public async Task StartAsync(CancellationToken cancellationToken) =>
            _server = await NsmGrpcServer.StartAsync(urls, chains(), loggerFactory: loggerFactory, clock: clock, cancellationToken: cancellationToken).ConfigureAwait(false);

        public async Task StopAsync(CancellationToken cancellationToken)
        {
            if (_server is not null)
            {
                await _server.StopAsync(cancellationToken).ConfigureAwait(false);
                await _server.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
