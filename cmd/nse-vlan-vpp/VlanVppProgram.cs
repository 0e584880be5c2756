using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nsm.Sdk.Common.Mechanisms.Kernel;
using Nsm.Sdk.Hosting;
using Nsm.Sdk.Vpp.Bridge;
using Nsm.Sdk.Vpp.Hosting;

namespace Nsm.Cmd.NseVlanVpp;

/// <summary>The program: options from the environment, VPP (external or private), then the L2 NSE.</summary>
internal static class VlanVppProgram
{
    public const string ProgramName = "nsm-nse-vlan-vpp";

    /// <summary>Runs the NSE until <paramref name="cancellationToken"/> or a stop signal.</summary>
    /// <returns>0, or 2 for a configuration error or a VPP that cannot be used (one line).</returns>
    public static Task<int> RunAsync(string[] args, NsmEnvironment env, TextWriter error, CancellationToken cancellationToken) =>
        VppProgram.RunAsync(ProgramName, () => RunNseAsync(args, env, cancellationToken), error);

    private static async Task RunNseAsync(string[] args, NsmEnvironment env, CancellationToken cancellationToken)
    {
        var options = VlanVppOptions.FromEnvironment(env);
        using var startupLogs = LoggerFactory.Create(b => b.AddNsmConsole(env));
        await using var vpp = await VppRuntime.StartAsync(options.Vpp, TimeProvider.System, startupLogs.CreateLogger("Nsm.Vpp"), cancellationToken);
        var netNSUrl = KernelMechanismOptions.ForProcess(Environment.ProcessId);
        var builder = NsmHost.CreateWebApplicationBuilder(args);
        builder.Logging.AddNsmConsole(env);
        await builder.Services.AddNsm().UseTransportSecurityFromEnvironmentAsync(env, cancellationToken);
        builder.Services.AddNsm()
            .Configure(o => o with { Name = options.Vlan.Name, Configuration = options })
            .ListenOn(options.Vlan.ListenOn)
            .AddEndpoint(sp =>
            {
                var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("Nsm.Sdk.Vpp");
                return options.ToEndpointOptions(netNSUrl, vpp.Client, new VppBridgeSegments(vpp.Client, options.ToBridgeOptions(), logger), logger);
            })
            .AddRegistration(_ => options.Vlan.ToRegistrationOptions());
        await using var app = builder.Build();
        app.MapNsm();
        await app.RunAsync(cancellationToken);
    }
}
