namespace Nsm.Sdk.Kernel.Netlink;

/// <summary>An 802.1Q vlan interface stacked on a parent device (needs the kernel's 8021q support).</summary>
/// <param name="Name">The interface name.</param>
/// <param name="ParentIndex">The parent device index (in the handle's namespace).</param>
/// <param name="VlanId">The VLAN id, 1..4094.</param>
public sealed record VlanLink(string Name, int ParentIndex, int VlanId) : LinkSpec(Name)
{
    /// <inheritdoc/>
    public override string Kind => "vlan";

    /// <inheritdoc/>
    internal override void WriteLinkAttributes(ref NetlinkWriter writer) => writer.U32(Ifla.LINK, (uint)ParentIndex);

    /// <inheritdoc/>
    internal override void WriteInfoData(ref NetlinkWriter writer)
    {
        writer.U16(Ifla.VLAN_ID, (ushort)VlanId);
        writer.U16BigEndian(Ifla.VLAN_PROTOCOL, 0x8100);
    }
}
