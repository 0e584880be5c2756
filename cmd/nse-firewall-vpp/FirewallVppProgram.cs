using Microsoft.Extensions.DependencyInjection;
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

    private static Task RunNseAsync(string[] args, NsmEnvironment env, CancellationToken cancellationToken)
    {
        var options = FirewallVppOptions.FromEnvironment(env);
        var netNSUrl = KernelMechanismOptions.ForProcess(Environment.ProcessId);
        return VppEndpointHost.RunAsync(
            args,
            env,
            options.Vpp,
            options.Firewall.ListenOn,
            options,
            (sp, vpp, logger) => options.ToEndpointOptions(netNSUrl, vpp, sp.GetRequiredService<NsmBuildContext>(), logger),
            options.Firewall.ToRegistrationOptions,
            cancellationToken);
    }
}
