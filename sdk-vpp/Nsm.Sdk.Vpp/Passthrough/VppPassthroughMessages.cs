using Nsm.Sdk.Vpp.Common;
using Nsm.Vpp;
using Nsm.Vpp.Messages.Acl;
using Nsm.Vpp.Messages.AfPacket;
using Nsm.Vpp.Messages.L2;

namespace Nsm.Sdk.Vpp.Passthrough;

/// <summary>The VPP messages a <see cref="VppPassthroughEndpoint"/> with an ACL sends and receives (for the connection's CRC check).</summary>
public static class VppPassthroughMessages
{
    /// <summary>Gets the memif and interface messages, af_packet, the L2 cross-connect and the ACL messages, requests and replies.</summary>
    public static IReadOnlyList<VppMessageRef> All { get; } =
    [
        .. VppMechanismMessages.All,
        VppMessageRef.Of<AfPacketCreateV3>(), VppMessageRef.Of<AfPacketCreateV3Reply>(),
        VppMessageRef.Of<AfPacketDelete>(), VppMessageRef.Of<AfPacketDeleteReply>(),
        VppMessageRef.Of<SwInterfaceSetL2Xconnect>(), VppMessageRef.Of<SwInterfaceSetL2XconnectReply>(),
        VppMessageRef.Of<AclAddReplace>(), VppMessageRef.Of<AclAddReplaceReply>(),
        VppMessageRef.Of<AclDel>(), VppMessageRef.Of<AclDelReply>(),
        VppMessageRef.Of<AclInterfaceSetAclList>(), VppMessageRef.Of<AclInterfaceSetAclListReply>(),
    ];
}
