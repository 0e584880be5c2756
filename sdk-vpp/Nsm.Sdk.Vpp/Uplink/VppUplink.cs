using System.Net;
using Microsoft.Extensions.Logging;
using Nsm.Sdk.Kernel.Namespaces;
using Nsm.Sdk.Kernel.Netlink;
using Nsm.Sdk.Vpp.AfPacket;
using Nsm.Vpp;
using Nsm.Vpp.Messages.Interfaces;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Sdk.Vpp.Uplink;

/// <summary>
/// Gives VPP the node's uplink (upstream's <c>vppinit</c> with <c>NSM_VPP_INIT=AF_PACKET</c>): the host link that holds
/// the tunnel IP gets an af_packet interface in VPP with the link's MAC and MTU and the same address, admin up, so VXLAN and
/// WireGuard tunnels of the forwarder leave and arrive through it. The host keeps its address and traffic; VPP sees a copy.
/// </summary>
public static partial class VppUplink
{
    /// <summary>The uplink VPP took.</summary>
    /// <param name="HostInterface">The host link's name.</param>
    /// <param name="SwIfIndex">VPP's interface on it.</param>
    /// <param name="Address">The tunnel address with the host's prefix length.</param>
    /// <param name="Mtu">The host link's MTU.</param>
    public sealed record Attached(string HostInterface, uint SwIfIndex, VppPrefix Address, int Mtu);

    /// <summary>The MTU of the host link that holds <paramref name="tunnelIP"/> (what tunnels leave through), or null when no link holds it.</summary>
    /// <param name="tunnelIP">The forwarder's tunnel IP.</param>
    /// <param name="netNsPath">The namespace to look in; null for this process's.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The MTU, or null.</returns>
    public static async Task<int?> HostLinkMtuAsync(IPAddress tunnelIP, string? netNsPath = null, CancellationToken cancellationToken = default) =>
        (await FindAsync(tunnelIP, netNsPath, cancellationToken))?.Link.Mtu;

    private static async Task<(LinkInfo Link, AddressInfo Address)?> FindAsync(IPAddress tunnelIP, string? netNsPath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tunnelIP);
        using var ns = netNsPath is null ? NetNs.OpenCurrentProcess() : NetNs.Open(netNsPath);
        using var nl = await ns.OpenNetlinkAsync(cancellationToken);
        var address = (await nl.ListAddressesAsync(cancellationToken: cancellationToken)).FirstOrDefault(a => a.Prefix.Address.Equals(tunnelIP));
        return address is null ? null : ((await nl.ListLinksAsync(cancellationToken)).Single(l => l.Index == address.LinkIndex), address);
    }

    /// <summary>Attaches the host link that holds <paramref name="tunnelIP"/> to VPP, or returns null when no link of this namespace holds it.</summary>
    /// <param name="vpp">The VPP API.</param>
    /// <param name="tunnelIP">The forwarder's tunnel IP (<c>NSM_TUNNEL_IP</c>).</param>
    /// <param name="logger">Logs what was attached.</param>
    /// <param name="netNsPath">VPP's namespace (a path such as <c>/run/netns/node-a</c>); null for this process's.</param>
    /// <param name="tunnelPorts">
    /// The tunnels' UDP ports: with them VPP's side of the uplink denies all IP but these (the host keeps the rest), as
    /// upstream's deny-all and pinhole ACLs; null for no ACLs.
    /// </param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>What VPP took, or null.</returns>
    public static async Task<Attached?> AttachAsync(IVppApi vpp, IPAddress tunnelIP, ILogger logger, string? netNsPath = null, IReadOnlyList<ushort>? tunnelPorts = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(vpp);
        ArgumentNullException.ThrowIfNull(tunnelIP);
        ArgumentNullException.ThrowIfNull(logger);
        if (await FindAsync(tunnelIP, netNsPath, cancellationToken) is not var (link, address))
        {
            LogNoLink(logger, tunnelIP);
            return null;
        }

        MacAddress? mac = link.Mac is { } m ? new MacAddress(m.GetAddressBytes()) : null;
        var swIfIndex = await AfPacketCore.CreateAsync(vpp, link.Name, mac, 10240, cancellationToken);
        if (link.Mtu > 0)
        {
            var mtu = (uint)link.Mtu;
            await vpp.RequestAsync<SwInterfaceSetMtu, SwInterfaceSetMtuReply>(new SwInterfaceSetMtu { SwIfIndex = swIfIndex, Mtu = [mtu, mtu, mtu, mtu] }, cancellationToken);
        }

        var prefix = VppPrefix.FromAddress(tunnelIP, address.Prefix.PrefixLength);
        await vpp.RequestAsync<SwInterfaceAddDelAddress, SwInterfaceAddDelAddressReply>(new SwInterfaceAddDelAddress { SwIfIndex = swIfIndex, Prefix = prefix }, cancellationToken);
        if (tunnelPorts is not null)
        {
            await UplinkAcls.ApplyAsync(vpp, swIfIndex, tunnelPorts, cancellationToken);
        }

        await vpp.RequestAsync<SwInterfaceSetFlags, SwInterfaceSetFlagsReply>(new SwInterfaceSetFlags { SwIfIndex = swIfIndex, Flags = IfStatusFlags.AdminUp }, cancellationToken);
        LogAttached(logger, link.Name, swIfIndex, prefix);
        return new Attached(link.Name, swIfIndex, prefix, link.Mtu);
    }

    [LoggerMessage(EventId = 4120, Level = LogLevel.Information, Message = "uplink: VPP took {HostInterface} (af_packet, sw_if_index {SwIfIndex}) with {Address}")]
    private static partial void LogAttached(ILogger logger, string hostInterface, uint swIfIndex, VppPrefix address);

    [LoggerMessage(EventId = 4121, Level = LogLevel.Warning, Message = "uplink: no link of this namespace holds the tunnel IP {TunnelIP}; VPP has no uplink, so VXLAN and WireGuard connections cannot leave this node")]
    private static partial void LogNoLink(ILogger logger, IPAddress tunnelIP);
}
