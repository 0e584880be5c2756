using Nsm.Vpp;
using Nsm.Vpp.Messages.Acl;
using Nsm.Vpp.Messages.AfPacket;
using Nsm.Vpp.Messages.Interfaces;
using Nsm.Vpp.Messages.Ip;
using Nsm.Vpp.Messages.L2;
using Nsm.Vpp.Messages.L3xc;
using Nsm.Vpp.Messages.Memif;
using Nsm.Vpp.Messages.Vxlan;
using Nsm.Vpp.Messages.WireGuard;

namespace Nsm.Sdk.Vpp.Common;

/// <summary>The VPP messages the forwarder's elements (kernel/af_packet, memif, VXLAN, WireGuard, VLAN, up, MTU, l2 and l3 cross-connect, neighbours, the uplink) send and receive (for the connection's CRC check).</summary>
public static class VppMechanismMessages
{
    /// <summary>Gets every message of the forwarder's elements, requests and replies.</summary>
    public static IReadOnlyList<VppMessageRef> All { get; } =
    [
        VppMessageRef.Of<SwInterfaceSetFlags>(), VppMessageRef.Of<SwInterfaceSetFlagsReply>(),
        VppMessageRef.Of<SwInterfaceSetMtu>(), VppMessageRef.Of<SwInterfaceSetMtuReply>(),
        VppMessageRef.Of<SwInterfaceAddDelAddress>(), VppMessageRef.Of<SwInterfaceAddDelAddressReply>(),
        VppMessageRef.Of<AclAddReplace>(), VppMessageRef.Of<AclAddReplaceReply>(),
        VppMessageRef.Of<AclInterfaceSetAclList>(), VppMessageRef.Of<AclInterfaceSetAclListReply>(),
        VppMessageRef.Of<AfPacketCreateV3>(), VppMessageRef.Of<AfPacketCreateV3Reply>(),
        VppMessageRef.Of<AfPacketDelete>(), VppMessageRef.Of<AfPacketDeleteReply>(),
        VppMessageRef.Of<SwInterfaceSetL2Xconnect>(), VppMessageRef.Of<SwInterfaceSetL2XconnectReply>(),
        VppMessageRef.Of<L3xcUpdate>(), VppMessageRef.Of<L3xcUpdateReply>(),
        VppMessageRef.Of<L3xcDel>(), VppMessageRef.Of<L3xcDelReply>(),
        VppMessageRef.Of<IpNeighborAddDel>(), VppMessageRef.Of<IpNeighborAddDelReply>(),
        VppMessageRef.Of<MemifSocketFilenameAddDelV2>(), VppMessageRef.Of<MemifSocketFilenameAddDelV2Reply>(),
        VppMessageRef.Of<MemifCreateV2>(), VppMessageRef.Of<MemifCreateV2Reply>(),
        VppMessageRef.Of<MemifDelete>(), VppMessageRef.Of<MemifDeleteReply>(),
        VppMessageRef.Of<VxlanAddDelTunnelV3>(), VppMessageRef.Of<VxlanAddDelTunnelV3Reply>(),
        VppMessageRef.Of<WireguardInterfaceCreate>(), VppMessageRef.Of<WireguardInterfaceCreateReply>(),
        VppMessageRef.Of<WireguardInterfaceDelete>(), VppMessageRef.Of<WireguardInterfaceDeleteReply>(),
        VppMessageRef.Of<WireguardPeerAdd>(), VppMessageRef.Of<WireguardPeerAddReply>(),
        VppMessageRef.Of<WireguardPeerRemove>(), VppMessageRef.Of<WireguardPeerRemoveReply>(),
        VppMessageRef.Of<CreateVlanSubif>(), VppMessageRef.Of<CreateVlanSubifReply>(),
        VppMessageRef.Of<DeleteSubif>(), VppMessageRef.Of<DeleteSubifReply>(),
        VppMessageRef.Of<L2InterfaceVlanTagRewrite>(), VppMessageRef.Of<L2InterfaceVlanTagRewriteReply>(),
    ];
}
