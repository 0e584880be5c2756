using System.Net.NetworkInformation;
using System.Runtime.InteropServices;
using Nsm.Sdk.Kernel.Namespaces;

namespace Nsm.Sdk.Kernel.Netlink;

/// <summary>
/// A veth pair. Both ends are created by one RTM_NEWLINK with their final names, each directly in its
/// target namespace (IFLA_NET_NS_FD on the link and inside VETH_INFO_PEER), so nothing is moved afterwards.
/// <see cref="LinkSpec.Mtu"/> applies to both ends; <see cref="LinkSpec.Up"/> only to the first end, because the
/// kernel cannot open the peer before the pair is linked (ENOTCONN): bring the peer up from a handle in its namespace.
/// </summary>
/// <param name="Name">The name of the first end.</param>
/// <param name="PeerName">The name of the peer end.</param>
public sealed record VethLink(string Name, string PeerName) : LinkSpec(Name)
{
    /// <summary>The namespace of the peer end, or null for the handle's namespace.</summary>
    public NetNs? PeerNamespace { get; init; }

    /// <summary>The peer's MAC address, or null for a random one.</summary>
    public PhysicalAddress? PeerMac { get; init; }

    /// <inheritdoc/>
    public override string Kind => "veth";

    /// <inheritdoc/>
    internal override IEnumerable<NetNs> Namespaces => base.Namespaces.Concat(PeerNamespace is null ? [] : [PeerNamespace]);

    /// <inheritdoc/>
    internal override void WriteInfoData(ref NetlinkWriter w)
    {
        var peer = w.BeginAttr(Ifla.VETH_INFO_PEER);
        w.Struct(default(IfInfoMsg));
        WriteCommon(ref w, PeerName, Mtu, PeerMac, null, PeerNamespace);
        w.End(peer);
    }
}
