using Nsm.Sdk.Builder;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Nsm.Sdk.Core;
using Nsm.Sdk.Registry.Chains;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the registry server and client chains in a service collection.</summary>
public static class RegistryServiceCollectionExtensions
{
    /// <summary>
    /// Adds the memory registry (<see cref="MemoryRegistryServer"/>) and its <see cref="NsmServerChains"/> as singletons.
    /// It is built with the <see cref="NsmBuildContext"/> registered in the collection (<c>AddNsm</c>), else with the registered <see cref="TimeProvider"/>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Changes the options; defaults when <see langword="null"/>.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddNsmRegistryServer(this IServiceCollection services, Func<MemoryRegistryOptions, MemoryRegistryOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(sp =>
        {
            var options = new MemoryRegistryOptions();
            var context = sp.GetService<NsmBuildContext>() ?? new NsmBuildContext { TimeProvider = sp.GetService<TimeProvider>() ?? TimeProvider.System };
            return new MemoryRegistryServer(configure is null ? options : configure(options), context);
        });
        services.TryAddSingleton(sp => sp.GetRequiredService<MemoryRegistryServer>().Chains);
        return services;
    }

    /// <summary>Adds the NSE and NS registry client chains (<see cref="EndpointRegistryClient"/>, <see cref="ServiceRegistryClient"/>) as singletons.</summary>
    /// <param name="services">The services.</param>
    /// <param name="options">The options.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddNsmRegistryClient(this IServiceCollection services, RegistryClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        services.TryAddSingleton(_ => new EndpointRegistryClient(options));
        services.TryAddSingleton(_ => new ServiceRegistryClient(options));
        return services;
    }

    /// <summary>Adds the registry client chains, with options changed by <paramref name="configure"/>.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Changes the default options.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddNsmRegistryClient(this IServiceCollection services, Func<RegistryClientOptions, RegistryClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return services.AddNsmRegistryClient(configure(new RegistryClientOptions()));
    }
}
