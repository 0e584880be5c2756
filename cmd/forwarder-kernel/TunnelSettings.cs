using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Common.Mechanisms.Remote;
using Nsm.Sdk.Core;
using Nsm.Sdk.Hosting;

namespace Nsm.Cmd.ForwarderKernel;

/// <summary>The remote mechanisms' settings: upstream's <c>NSM_TUNNEL_IP</c>, <c>NSM_VXLAN_PORT</c> and <c>NSM_MECHANISM_PRIORITY</c>.</summary>
/// <param name="TunnelIP">NSM_TUNNEL_IP, else the first non-loopback IPv4 address of the forwarder's namespace.</param>
/// <param name="VxlanPort">NSM_VXLAN_PORT (0 or unset: 4789).</param>
/// <param name="Priority">NSM_MECHANISM_PRIORITY, a comma list such as <c>WIREGUARD,VXLAN</c> (default).</param>
internal sealed record TunnelSettings(IPAddress TunnelIP, ushort VxlanPort, ImmutableArray<string> Priority)
{
    public static TunnelSettings FromEnvironment(NsmEnvironment env)
    {
        var text = env.GetRaw("NSM_TUNNEL_IP");
        IPAddress tunnelIP;
        if (string.IsNullOrWhiteSpace(text))
        {
            tunnelIP = HostAddresses.FirstNonLoopbackIPv4() ?? throw new NsmConfigurationException("NSM_TUNNEL_IP: unset, and this namespace has no non-loopback IPv4 address");
        }
        else if (!IPAddress.TryParse(text.Trim(), out tunnelIP!) || IPAddress.IsLoopback(tunnelIP) || tunnelIP.Equals(IPAddress.Any) || tunnelIP.Equals(IPAddress.IPv6Any))
        {
            throw new NsmConfigurationException($"NSM_TUNNEL_IP: '{text}' is not a unicast IP address");
        }

        var port = env.GetUInt("NSM_VXLAN_PORT", 0);
        if (port > ushort.MaxValue)
        {
            throw new NsmConfigurationException($"NSM_VXLAN_PORT: {port.ToString(CultureInfo.InvariantCulture)} is outside 1..65535");
        }

        ImmutableArray<string> priority;
        try
        {
            priority = RemoteMechanismPriority.Parse(env.GetRaw("NSM_MECHANISM_PRIORITY"));
        }
        catch (FormatException ex)
        {
            throw new NsmConfigurationException("NSM_MECHANISM_PRIORITY: " + ex.Message);
        }

        return new TunnelSettings(tunnelIP, port == 0 ? VxlanMechanism.DefaultPort : (ushort)port, priority);
    }

    public override string ToString() =>
        $"tunnelIP={TunnelIP} vxlanPort={VxlanPort.ToString(CultureInfo.InvariantCulture)} mechanismPriority={string.Join(',', Priority)}";
}
