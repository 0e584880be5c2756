using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nsm.Sdk.Builder;
using Nsm.Sdk.Common.Mechanisms.Kernel;
using Nsm.Sdk.Hosting;
using Nsm.Sdk.Vpp.Hosting;

namespace Nsm.Cmd.NseFirewallVpp;

/// <summary>The program: options (rules included) from the environment, VPP (external or private), then the passthrough NSE.</summary>
internal static class FirewallVppProgram
{
    public const string ProgramName = "nsm-nse-firewall-vpp";

    /// <summary>Runs the NSE until <paramref name="cancellationToken"/> or a stop signal.</summary>
    /// <returns>0, or 2 for a configuration error (a bad rule) or a VPP that cannot be used (one line).</returns>
    public static Task<int> RunAsync(string[] args, NsmEnvironment env, TextWriter error, CancellationToken cancellationToken) =>
        VppProgram.RunAsync(ProgramName, () => RunNseAsync(args, env, cancellationToken), error);

    private static async Task RunNseAsync(string[] args, NsmEnvironment env, CancellationToken cancellationToken)
    {
        var options = FirewallVppOptions.FromEnvironment(env);
        using var startupLogs = LoggerFactory.Create(b => b.AddNsmConsole(env));
        await using var vpp = await VppRuntime.StartAsync(options.Vpp, TimeProvider.System, startupLogs.CreateLogger("Nsm.Vpp"), cancellationToken);
        var netNSUrl = KernelMechanismOptions.ForProcess(Environment.ProcessId);
        var builder = NsmHost.CreateWebApplicationBuilder(args);
        builder.Logging.AddNsmConsole(env);
        await builder.Services.AddNsm().UseTransportSecurityFromEnvironmentAsync(env, cancellationToken);
        builder.Services.AddNsm()
            .Configure(o => o with { Name = options.Firewall.Name, Configuration = options })
            .ListenOn(options.Firewall.ListenOn)
            .AddEndpoint(sp => options.ToEndpointOptions(
                netNSUrl, vpp.Client, sp.GetRequiredService<NsmBuildContext>(), sp.GetRequiredService<ILoggerFactory>().CreateLogger("Nsm.Sdk.Vpp")))
            .AddRegistration(_ => options.Firewall.ToRegistrationOptions());
        await using var app = builder.Build();
        app.MapNsm();
        await app.RunAsync(cancellationToken);
    }
}
