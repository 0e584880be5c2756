namespace Nsm.Sdk.Kernel.Netlink;

/// <summary>A macvlan interface stacked on a parent device.</summary>
/// <param name="Name">The interface name.</param>
/// <param name="ParentIndex">The parent device index (in the handle's namespace).</param>
public sealed record MacvlanLink(string Name, int ParentIndex) : LinkSpec(Name)
{
    /// <summary>The macvlan mode; <see cref="MacvlanMode.Bridge"/> by default.</summary>
    public MacvlanMode Mode { get; init; } = MacvlanMode.Bridge;

    /// <inheritdoc/>
    public override string Kind => "macvlan";

    /// <inheritdoc/>
    internal override void WriteLinkAttributes(ref NetlinkWriter writer) => writer.U32(Ifla.LINK, (uint)ParentIndex);

    /// <inheritdoc/>
    internal override void WriteInfoData(ref NetlinkWriter writer) => writer.U32(Ifla.MACVLAN_MODE, (uint)Mode);
}

/// <summary>Macvlan modes (linux/if_link.h).</summary>
public enum MacvlanMode
{
    /// <summary>No traffic between macvlans on the same parent.</summary>
    Private = 1,

    /// <summary>Traffic between macvlans goes out through the external switch.</summary>
    Vepa = 2,

    /// <summary>Macvlans on the same parent talk to each other directly.</summary>
    Bridge = 4,

    /// <summary>One macvlan takes over the parent.</summary>
    Passthru = 8,
}
