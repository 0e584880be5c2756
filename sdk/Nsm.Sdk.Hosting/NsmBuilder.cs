using Microsoft.Extensions.DependencyInjection.Extensions;
using Nsm.Sdk.Builder;
using Nsm.Sdk.Chains.Client;
using Nsm.Sdk.Chains.Endpoint;
using Nsm.Sdk.Chains.Forwarder;
using Nsm.Sdk.Chains.Nsmgr;
using Nsm.Sdk.Chains.NsmgrProxy;
using Nsm.Sdk.Core;
using Nsm.Sdk.Hosting;
using Nsm.Sdk.Registry.Chains;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Composes an NSM program in its host (from <c>services.AddNsm()</c>): the component it serves, the clients it
/// uses, its registrations and where it listens. Every component is a singleton built once with the host's
/// <see cref="NsmBuildContext"/>; registrations use <c>TryAdd</c>, so adding the same thing twice keeps the first.
/// </summary>
public sealed class NsmBuilder
{
    internal NsmBuilder(IServiceCollection services) => Services = services;

    /// <summary>Gets the services.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Serves the host's chains (and gRPC health) on <paramref name="urls"/> (<c>unix:///path</c>, <c>tcp://host:port</c>).</summary>
    /// <param name="urls">Where to listen.</param>
    /// <returns>The builder.</returns>
    public NsmBuilder ListenOn(params IEnumerable<Uri> urls)
    {
        ArgumentNullException.ThrowIfNull(urls);
        var list = urls.ToList();
        return Configure(o => o with { ListenOn = list });
    }

    /// <summary>Changes the host options (name, configuration line, transport credentials).</summary>
    /// <param name="configure">Changes the options.</param>
    /// <returns>The builder.</returns>
    public NsmBuilder Configure(Func<NsmHostOptions, NsmHostOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Services.AddSingleton(new NsmHostOptionsChange(configure));
        return this;
    }

    /// <summary>Serves an endpoint (<see cref="NsmEndpoint"/>): NetworkService and MonitorConnection.</summary>
    /// <param name="options">Builds the options (from other services when needed).</param>
    /// <returns>The builder.</returns>
    public NsmBuilder AddEndpoint(Func<IServiceProvider, EndpointOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Services.TryAddSingleton(sp => new NsmEndpoint(options(sp), sp.GetRequiredService<NsmBuildContext>()));
        Services.TryAddSingleton(sp => sp.GetRequiredService<NsmEndpoint>().ServerChains);
        return this;
    }

    /// <summary>Adds a client chain (<see cref="NsmClient"/>) towards the next hop.</summary>
    /// <param name="options">Builds the options.</param>
    /// <returns>The builder.</returns>
    public NsmBuilder AddClient(Func<IServiceProvider, ClientOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Services.TryAddSingleton(sp => new NsmClient(options(sp), sp.GetRequiredService<NsmBuildContext>()));
        return this;
    }

    /// <summary>Serves an nsmgr (<see cref="NsmgrServer"/>): NetworkService, MonitorConnection and both registries.</summary>
    /// <param name="options">Builds the options.</param>
    /// <returns>The builder.</returns>
    public NsmBuilder AddNsmgr(Func<IServiceProvider, NsmgrOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Services.TryAddSingleton(sp => new NsmgrServer(options(sp), sp.GetRequiredService<NsmBuildContext>()));
        Services.TryAddSingleton(sp => sp.GetRequiredService<NsmgrServer>().ServerChains);
        return this;
    }

    /// <summary>Serves a forwarder (<see cref="ForwarderServer"/>) and keeps it registered through its nsmgr.</summary>
    /// <param name="options">Builds the options (the data-plane elements included).</param>
    /// <returns>The builder.</returns>
    public NsmBuilder AddForwarder(Func<IServiceProvider, ForwarderOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Services.TryAddSingleton(sp => new ForwarderServer(options(sp), sp.GetRequiredService<NsmBuildContext>()));
        Services.TryAddSingleton(sp => sp.GetRequiredService<ForwarderServer>().ServerChains);
        Services.AddSingleton<INsmRegistrar>(sp => new ForwarderRegistrar(sp.GetRequiredService<ForwarderServer>()));
        return AddRegistrationService();
    }

    /// <summary>Serves the in-memory registry (<see cref="MemoryRegistryServer"/>): both registry services.</summary>
    /// <param name="options">Builds the options.</param>
    /// <returns>The builder.</returns>
    public NsmBuilder AddRegistry(Func<IServiceProvider, MemoryRegistryOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Services.TryAddSingleton(sp => new MemoryRegistryServer(options(sp), sp.GetRequiredService<NsmBuildContext>()));
        Services.TryAddSingleton(sp => sp.GetRequiredService<MemoryRegistryServer>().Chains);
        return this;
    }

    /// <summary>Serves an interdomain nsmgr proxy (<see cref="NsmgrProxyServer"/>): NetworkService, MonitorConnection and both registries.</summary>
    /// <param name="options">Builds the options.</param>
    /// <returns>The builder.</returns>
    public NsmBuilder AddNsmgrProxy(Func<IServiceProvider, NsmgrProxyOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Services.TryAddSingleton(sp => new NsmgrProxyServer(options(sp), sp.GetRequiredService<NsmBuildContext>()));
        Services.TryAddSingleton(sp => sp.GetRequiredService<NsmgrProxyServer>().ServerChains);
        return this;
    }

    /// <summary>Serves the interdomain registry proxy (<see cref="ProxyDnsRegistryServer"/>): both registry services.</summary>
    /// <param name="options">Builds the options.</param>
    /// <returns>The builder.</returns>
    public NsmBuilder AddRegistryProxyDns(Func<IServiceProvider, ProxyDnsRegistryOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Services.TryAddSingleton(sp => new ProxyDnsRegistryServer(options(sp), sp.GetRequiredService<NsmBuildContext>()));
        Services.TryAddSingleton(sp => sp.GetRequiredService<ProxyDnsRegistryServer>().Chains);
        return this;
    }

    /// <summary>
    /// Keeps an endpoint registered while the host runs: registered once the server listens (retried until it
    /// succeeds), refreshed, and unregistered at stop before the server stops serving.
    /// </summary>
    /// <param name="options">Builds the options; the token generator defaults to the host endpoint's.</param>
    /// <returns>The builder.</returns>
    public NsmBuilder AddRegistration(Func<IServiceProvider, NsmRegistrationOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Services.AddSingleton<INsmRegistrar>(sp => new EndpointRegistrar(
            options(sp), sp.GetRequiredService<NsmBuildContext>(), sp.GetService<NsmEndpoint>()?.TokenGenerator));
        return AddRegistrationService();
    }

    /// <summary>Sets the transport credentials of the served endpoints and of every dialed channel.</summary>
    /// <param name="credentials">The credentials.</param>
    /// <returns>The builder.</returns>
    public NsmBuilder UseTransportCredentials(NsmTransportCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        return Configure(o => o with { Credentials = credentials });
    }

    /// <summary>
    /// Chooses the transport from the environment as every NSM program does
    /// (<see cref="Nsm.Sdk.Hosting.Spiffe.NsmTransportSecurity.FromEnvironmentAsync"/>): <c>SPIFFE_ENDPOINT_SOCKET</c>
    /// → mTLS with SVIDs from that Workload API, ES256 tokens and upstream's default policies; <c>NSM_INSECURE=true</c>
    /// → plaintext, logged as a warning; neither → <see cref="NsmConfigurationException"/>. Waits for the first SVID.
    /// The SVID source lives as long as the host's services.
    /// </summary>
    /// <param name="environment">Where the variables are read.</param>
    /// <param name="cancellationToken">Cancels the wait for the first SVID.</param>
    /// <returns>The builder.</returns>
    public async Task<NsmBuilder> UseTransportSecurityFromEnvironmentAsync(NsmEnvironment environment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var loggerFactory = Microsoft.Extensions.Logging.LoggerFactory.Create(logging => logging.AddNsmConsole(environment));
        try
        {
            var security = await Nsm.Sdk.Hosting.Spiffe.NsmTransportSecurity.FromEnvironmentAsync(environment, TimeProvider.System, loggerFactory, cancellationToken).ConfigureAwait(false);
            Services.AddHostedService(_ => new Nsm.Sdk.Hosting.Spiffe.NsmTransportSecurityOwner(security, loggerFactory));
            return UseTransportCredentials(security.Credentials);
        }
        catch
        {
            loggerFactory.Dispose();
            throw;
        }
    }

    private NsmBuilder AddRegistrationService()
    {
        Services.AddHostedService<NsmRegistrationService>();
        return this;
    }
}

/// <summary>One change of the host options, applied in order at build.</summary>
/// <param name="Apply">The change.</param>
internal sealed record NsmHostOptionsChange(Func<NsmHostOptions, NsmHostOptions> Apply);
