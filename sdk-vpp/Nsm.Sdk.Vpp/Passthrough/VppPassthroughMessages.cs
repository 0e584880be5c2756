using Nsm.Sdk.Vpp.Common;
using Nsm.Vpp;
using Nsm.Vpp.Messages.Acl;

namespace Nsm.Sdk.Vpp.Passthrough;

/// <summary>The VPP messages a <see cref="VppPassthroughEndpoint"/> with an ACL sends and receives (for the connection's CRC check).</summary>
public static class VppPassthroughMessages
{
    /// <summary>Gets the forwarder elements' messages (memif, af_packet, up, the L2 cross-connect…) and the ACL messages, requests and replies.</summary>
    public static IReadOnlyList<VppMessageRef> All { get; } =
    [
        .. VppMechanismMessages.All,
        VppMessageRef.Of<AclAddReplace>(), VppMessageRef.Of<AclAddReplaceReply>(),
        VppMessageRef.Of<AclDel>(), VppMessageRef.Of<AclDelReply>(),
        VppMessageRef.Of<AclInterfaceSetAclList>(), VppMessageRef.Of<AclInterfaceSetAclListReply>(),
    ];
}
