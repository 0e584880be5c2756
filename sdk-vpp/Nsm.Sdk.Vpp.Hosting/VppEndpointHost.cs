using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nsm.Sdk.Chains.Endpoint;
using Nsm.Sdk.Hosting;
using Nsm.Vpp;

namespace Nsm.Sdk.Vpp.Hosting;

/// <summary>
/// Runs an NSE whose data path is its own VPP: connects to (or starts) the VPP (<see cref="VppRuntime"/>), then serves
/// the endpoint with the host's security and registers it, until stopped; the VPP is released at the end. Run it inside
/// <see cref="VppProgram.RunAsync"/> so that a VPP that cannot be used is one line and exit 2.
/// </summary>
public static class VppEndpointHost
{
    /// <summary>Runs the NSE.</summary>
    /// <param name="args">The program's arguments (for the web host).</param>
    /// <param name="env">The environment (logging, transport security).</param>
    /// <param name="vpp">Which VPP; its <see cref="VppRuntimeOptions.Name"/> is the NSE's name.</param>
    /// <param name="listenOn">Where the endpoint serves.</param>
    /// <param name="configuration">The program's settings, logged at start.</param>
    /// <param name="endpoint">Makes the endpoint's options from the services, the VPP and a logger for the VPP elements.</param>
    /// <param name="registration">Makes what is registered.</param>
    /// <param name="cancellationToken">Stops the NSE.</param>
    /// <returns>A task that completes when the NSE stopped.</returns>
    /// <exception cref="VppStartupException">VPP is unreachable, speaks other messages, or a private vpp did not come up.</exception>
    public static async Task RunAsync(
        string[] args,
        NsmEnvironment env,
        VppRuntimeOptions vpp,
        Uri listenOn,
        object? configuration,
        Func<IServiceProvider, IVppApi, ILogger, EndpointOptions> endpoint,
        Func<NsmRegistrationOptions> registration,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(vpp);
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(registration);
        using var startupLogs = LoggerFactory.Create(b => b.AddNsmConsole(env));
        await using var runtime = await VppRuntime.StartAsync(vpp, TimeProvider.System, startupLogs.CreateLogger("Nsm.Vpp"), cancellationToken);
        var builder = NsmHost.CreateWebApplicationBuilder(args);
        builder.Logging.AddNsmConsole(env);
        await builder.Services.AddNsm().UseTransportSecurityFromEnvironmentAsync(env, cancellationToken);
        builder.Services.AddNsm()
            .Configure(o => o with { Name = vpp.Name, Configuration = configuration })
            .ListenOn(listenOn)
            .AddEndpoint(sp => endpoint(sp, runtime.Client, sp.GetRequiredService<ILoggerFactory>().CreateLogger("Nsm.Sdk.Vpp")))
            .AddRegistration(_ => registration());
        await using var app = builder.Build();
        app.MapNsm();
        await app.RunAsync(cancellationToken);
    }
}
