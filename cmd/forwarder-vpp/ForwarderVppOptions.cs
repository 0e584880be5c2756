using System.Globalization;
using System.Net;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Chains.Forwarder;
using Nsm.Sdk.Core;
using Nsm.Sdk.Hosting;
using Nsm.Sdk.Vpp.Common;
using Nsm.Sdk.Vpp.Hosting;

namespace Nsm.Cmd.ForwarderVpp;

/// <summary>The VPP forwarder's settings, read from upstream's <c>NSM_*</c> environment variables (cmd-forwarder-vpp).</summary>
internal sealed record ForwarderVppOptions
{
    /// <summary>NSM_NAME (default <c>forwarder</c>).</summary>
    public required string Name { get; init; }

    /// <summary>NSM_CONNECT_TO: the nsmgr (default <c>unix:///var/lib/networkservicemesh/nsm.io.sock</c>).</summary>
    public required Uri ConnectTo { get; init; }

    /// <summary>NSM_LISTEN_ON: where the forwarder serves (default a unix socket in a temp directory).</summary>
    public required Uri ListenOn { get; init; }

    /// <summary>NSM_LABELS (default <c>p2p=true</c>).</summary>
    public required IReadOnlyDictionary<string, string> Labels { get; init; }

    /// <summary>NSM_NSNAME (upstream) or NSM_SERVICE_NAME: the service the forwarder registers under (default <c>forwarder</c>).</summary>
    public required string ServiceName { get; init; }

    /// <summary>NSM_MAX_TOKEN_LIFETIME (default 10m).</summary>
    public required TimeSpan MaxTokenLifetime { get; init; }

    /// <summary>NSM_DIAL_TIMEOUT: to the next hop (upstream's default 750ms).</summary>
    public required TimeSpan DialTimeout { get; init; }

    /// <summary>NSM_TUNNEL_IP, else the first non-loopback IPv4 address of the forwarder's namespace.</summary>
    public required IPAddress TunnelIP { get; init; }

    /// <summary>NSM_VXLAN_PORT (0 or unset: 4789).</summary>
    public required ushort VxlanPort { get; init; }

    /// <summary>NSM_VPP_API_SOCKET and NSM_VPP_MIN_OPERATION_TIMEOUT: the VPP the forwarder uses.</summary>
    public required VppRuntimeOptions Vpp { get; init; }

    /// <summary>
    /// NSM_VPP_INIT: <c>AF_PACKET</c> (the default: VPP takes the link with the tunnel IP through af_packet), <c>NONE</c>
    /// (VPP's uplink is someone else's business; always so for an external VPP, as upstream) or <c>AF_XDP</c> (not
    /// here: treated as AF_PACKET, with a warning).
    /// </summary>
    public string VppInit { get; init; } = "AF_PACKET";

    public static ForwarderVppOptions FromEnvironment(NsmEnvironment env)
    {
        ArgumentNullException.ThrowIfNull(env);
        var labels = env.GetLabels("NSM_LABELS");
        var port = env.GetUInt("NSM_VXLAN_PORT", 0);
        if (port > ushort.MaxValue)
        {
            throw new NsmConfigurationException($"NSM_VXLAN_PORT: {port.ToString(CultureInfo.InvariantCulture)} is outside 1..65535");
        }

        var defaultListen = "unix://" + Path.Combine(Path.GetTempPath(), "nsm-forwarder-vpp-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture), "listen.on.sock");
        var name = env.GetString("NSM_NAME", "forwarder");
        return new ForwarderVppOptions
        {
            Name = name,
            ConnectTo = env.GetUrl("NSM_CONNECT_TO", "unix:///var/lib/networkservicemesh/nsm.io.sock")!,
            ListenOn = env.GetUrl("NSM_LISTEN_ON", defaultListen)!,
            Labels = labels.Count > 0 ? labels : new Dictionary<string, string> { ["p2p"] = "true" },
            ServiceName = env.GetString("NSM_NSNAME", "forwarder", "NSM_SERVICE_NAME"),
            MaxTokenLifetime = env.GetMaxTokenLifetime(),
            DialTimeout = env.GetDuration("NSM_DIAL_TIMEOUT", TimeSpan.FromMilliseconds(750)),
            TunnelIP = TunnelIPFrom(env.GetRaw("NSM_TUNNEL_IP")),
            VxlanPort = port == 0 ? VxlanMechanism.DefaultPort : (ushort)port,
            Vpp = VppRuntimeOptions.FromEnvironment(env, ForwarderVppProgram.ProgramName, name, VppMechanismMessages.All),
            VppInit = VppInitFrom(env.GetString("NSM_VPP_INIT", "AF_PACKET")),
        };
    }

    /// <summary>Gets the forwarder chains' options, with the VPP elements (in chain order).</summary>
    public ForwarderOptions ToForwarderOptions(IReadOnlyList<INetworkServiceServer> dataPlaneServer, IReadOnlyList<INetworkServiceClient> dataPlaneClient) => new()
    {
        Name = Name,
        MaxTokenLifetime = MaxTokenLifetime,
        Url = ListenOn,
        NsmgrUrl = ConnectTo,
        ServiceName = ServiceName,
        Labels = Labels,
        DialTimeout = DialTimeout,
        RegistryDialTimeout = TimeSpan.FromTicks(Math.Max(DialTimeout.Ticks, TimeSpan.FromSeconds(5).Ticks)),
        AdditionalServerFunctionality = dataPlaneServer,
        AdditionalClientFunctionality = dataPlaneClient,
    };

    public override string ToString() =>
        $"name={Name} connectTo={ConnectTo} listenOn={ListenOn} labels={string.Join(',', Labels.Select(kv => kv.Key + "=" + kv.Value))} " +
        $"service={ServiceName} maxTokenLifetime={MaxTokenLifetime} dialTimeout={DialTimeout} tunnelIP={TunnelIP} " +
        $"vxlanPort={VxlanPort.ToString(CultureInfo.InvariantCulture)} {Vpp} vppInit={VppInit}";

    private static string VppInitFrom(string text) => text.Trim().ToUpperInvariant() switch
    {
        "AF_PACKET" or "" => "AF_PACKET",
        "AF_XDP" => "AF_XDP",
        "NONE" => "NONE",
        _ => throw new NsmConfigurationException($"NSM_VPP_INIT: '{text}' is not AF_PACKET, AF_XDP or NONE"),
    };

    private static IPAddress TunnelIPFrom(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return HostAddresses.FirstNonLoopbackIPv4() ?? throw new NsmConfigurationException("NSM_TUNNEL_IP: unset, and this namespace has no non-loopback IPv4 address");
        }

        return IPAddress.TryParse(text.Trim(), out var ip) && !IPAddress.IsLoopback(ip) && !ip.Equals(IPAddress.Any) && !ip.Equals(IPAddress.IPv6Any)
            ? ip
            : throw new NsmConfigurationException($"NSM_TUNNEL_IP: '{text}' is not a unicast IP address");
    }
}
