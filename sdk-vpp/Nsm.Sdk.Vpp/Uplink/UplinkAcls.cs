using Nsm.Vpp;
using Nsm.Vpp.Messages.Acl;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Sdk.Vpp.Uplink;

/// <summary>
/// The uplink's deny-all with pinholes (upstream's <c>nsm-vppinit-denyall-*</c> plus its pinhole element, in one list per
/// direction): VPP sees a copy of all the host's traffic through af_packet and must leave it to the host, so it takes in
/// only the tunnels' UDP ports and IPv6 router/neighbour advertisements, sends out only to those ports and router/neighbour
/// solicitations, and denies all other IPv4 and IPv6. ARP is not IP and passes.
/// </summary>
internal static class UplinkAcls
{

    public static async Task ApplyAsync(IVppApi vpp, uint swIfIndex, IReadOnlyList<ushort> tunnelPorts, CancellationToken cancellationToken)
    {
        // A tunnel packet has the port as its destination both ways; VXLAN's source port is a flow hash.
        var ingress = await AddAsync(vpp, "nsm-vppinit-denyall-ingress", [.. tunnelPorts.Select(p => Udp(dstPort: p)), .. Icmp6(134, 136), .. DenyAll()], cancellationToken);
        var egress = await AddAsync(vpp, "nsm-vppinit-denyall-egress", [.. tunnelPorts.Select(p => Udp(dstPort: p)), .. Icmp6(133, 135), .. DenyAll()], cancellationToken);
        await vpp.RequestAsync<AclInterfaceSetAclList, AclInterfaceSetAclListReply>(
            new AclInterfaceSetAclList { SwIfIndex = swIfIndex, NInput = 1, Acls = [ingress, egress] }, cancellationToken);
    }

    private static async Task<uint> AddAsync(IVppApi vpp, string tag, IReadOnlyList<AclRule> rules, CancellationToken cancellationToken) =>
        (await vpp.RequestAsync<AclAddReplace, AclAddReplaceReply>(new AclAddReplace { Tag = tag, Rules = rules }, cancellationToken)).AclIndex;

    private static AclRule Udp(ushort dstPort) => new()
    {
        IsPermit = AclAction.Permit,
        SrcPrefix = VppPrefix.Parse("0.0.0.0/0"),
        DstPrefix = VppPrefix.Parse("0.0.0.0/0"),
        Proto = IpProto.Udp,
        SrcportOrIcmptypeFirst = 0,
        SrcportOrIcmptypeLast = ushort.MaxValue,
        DstportOrIcmpcodeFirst = dstPort,
        DstportOrIcmpcodeLast = dstPort,
    };

    private static IEnumerable<AclRule> Icmp6(params ushort[] types) => types.Select(t => new AclRule
    {
        IsPermit = AclAction.Permit,
        SrcPrefix = VppPrefix.Parse("::/0"),
        DstPrefix = VppPrefix.Parse("::/0"),
        Proto = IpProto.Icmp6,
        SrcportOrIcmptypeFirst = t,
        SrcportOrIcmptypeLast = t,
        DstportOrIcmpcodeFirst = 0,
        DstportOrIcmpcodeLast = ushort.MaxValue,
    });

    private static IEnumerable<AclRule> DenyAll() =>
    [
        new AclRule { IsPermit = AclAction.Deny, SrcPrefix = VppPrefix.Parse("0.0.0.0/0"), DstPrefix = VppPrefix.Parse("0.0.0.0/0"), SrcportOrIcmptypeLast = ushort.MaxValue, DstportOrIcmpcodeLast = ushort.MaxValue },
        new AclRule { IsPermit = AclAction.Deny, SrcPrefix = VppPrefix.Parse("::/0"), DstPrefix = VppPrefix.Parse("::/0"), SrcportOrIcmptypeLast = ushort.MaxValue, DstportOrIcmpcodeLast = ushort.MaxValue },
    ];
}
