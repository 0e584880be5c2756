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

    private static Task RunNseAsync(string[] args, NsmEnvironment env, CancellationToken cancellationToken)
    {
        var options = VlanVppOptions.FromEnvironment(env);
        var netNSUrl = KernelMechanismOptions.ForProcess(Environment.ProcessId);
        return VppEndpointHost.RunAsync(
            args,
            env,
            options.Vpp,
            options.Vlan.ListenOn,
            options,
            (_, vpp, logger) => options.ToEndpointOptions(netNSUrl, vpp, new VppBridgeSegments(vpp, options.ToBridgeOptions(), logger), logger),
            options.Vlan.ToRegistrationOptions,
            cancellationToken);
    }
}
