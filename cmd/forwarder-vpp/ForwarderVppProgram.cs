using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Hosting;
using Nsm.Sdk.Vpp.Hosting;
using Nsm.Sdk.Vpp.Uplink;
using Nsm.Vpp;

namespace Nsm.Cmd.ForwarderVpp;

/// <summary>The program: options from the environment, VPP (external or private), then the forwarder as cmd/forwarder-kernel runs it.</summary>
internal static partial class ForwarderVppProgram
{
    public const string ProgramName = "nsm-forwarder-vpp";

    /// <summary>Runs the forwarder until <paramref name="cancellationToken"/> or a stop signal.</summary>
    /// <returns>0, or 2 for a configuration error or a VPP that cannot be used (one line on <paramref name="error"/>).</returns>
    public static async Task<int> RunAsync(string[] args, NsmEnvironment env, TextWriter error, CancellationToken cancellationToken)
    {
        return await VppProgram.RunAsync(ProgramName, () => RunForwarderAsync(args, env, cancellationToken), error);
    }

    /// <summary>NSM_VPP_INIT for a private VPP: it takes the node's uplink (an external VPP's uplink is its owner's, as upstream).</summary>
    private static async Task<VppUplink.Attached?> AttachUplinkAsync(VppRuntime vpp, ForwarderVppOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        if (!vpp.IsPrivate || options.VppInit == "NONE")
        {
            return null;
        }

        if (options.VppInit == "AF_XDP")
        {
            LogAfXdp(logger);
        }

        try
        {
            return await VppUplink.AttachAsync(vpp.Client, options.TunnelIP, logger, tunnelPorts: [options.VxlanPort, WireguardMechanism.DefaultPort], cancellationToken: cancellationToken);
        }
        catch (Exception e) when (e is VppApiException or VppDisconnectedException or TimeoutException)
        {
            throw new VppStartupException($"VPP could not take the uplink with {options.TunnelIP}: {e.Message}", e);
        }
    }

    private static async Task<TunnelPortReservation?> ReserveTunnelPortsAsync(ForwarderVppOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            return await TunnelPortReservation.ReserveAsync(options.TunnelIP, [options.VxlanPort, WireguardMechanism.DefaultPort], cancellationToken: cancellationToken);
        }
        catch (System.Net.Sockets.SocketException e)
        {
            LogPortsTaken(logger, options.TunnelIP, e.Message);
            return null;
        }
    }

    [LoggerMessage(EventId = 4123, Level = LogLevel.Warning, Message = "the host's tunnel ports on {TunnelIP} could not be reserved ({Reason}): the host answers tunnel packets with ICMP port-unreachable")]
    private static partial void LogPortsTaken(ILogger logger, System.Net.IPAddress tunnelIP, string reason);

    [LoggerMessage(EventId = 4122, Level = LogLevel.Warning, Message = "NSM_VPP_INIT=AF_XDP is not supported here; VPP takes the uplink with af_packet")]
    private static partial void LogAfXdp(ILogger logger);

    private static async Task RunForwarderAsync(string[] args, NsmEnvironment env, CancellationToken cancellationToken)
    {
        var options = ForwarderVppOptions.FromEnvironment(env);
        using var startupLogs = LoggerFactory.Create(b => b.AddNsmConsole(env));
        await using var vpp = await VppRuntime.StartAsync(options.Vpp, TimeProvider.System, startupLogs.CreateLogger("Nsm.Vpp"), cancellationToken);
        var uplink = await AttachUplinkAsync(vpp, options, startupLogs.CreateLogger("Nsm.Sdk.Vpp"), cancellationToken);
        var uplinkMtu = uplink?.Mtu ?? await VppUplink.HostLinkMtuAsync(options.TunnelIP, cancellationToken: cancellationToken) ?? 1500;
        using var reservation = uplink is null ? null : await ReserveTunnelPortsAsync(options, startupLogs.CreateLogger("Nsm.Sdk.Vpp"), cancellationToken);
        var builder = NsmHost.CreateWebApplicationBuilder(args);
        builder.Logging.AddNsmConsole(env);
        await builder.Services.AddNsm().UseTransportSecurityFromEnvironmentAsync(env, cancellationToken);
        builder.Services.AddNsm()
            .Configure(o => o with { Name = options.Name, Configuration = options })
            .ListenOn(options.ListenOn)
            .AddForwarder(sp =>
            {
                var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("Nsm.Sdk.Vpp");
                return options.ToForwarderOptions(ForwarderVppChain.Server(vpp.Client, options, uplinkMtu, logger), ForwarderVppChain.Client(vpp.Client, options, uplinkMtu, logger));
            });
        await using var app = builder.Build();
        app.MapNsm();
        await app.RunAsync(cancellationToken);
    }
}
