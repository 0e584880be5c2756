namespace Nsm.Sdk.Kernel.Netlink;

/// <summary>A Linux bridge. Enslave ports with <see cref="NetlinkHandle.SetMasterAsync"/> or <see cref="LinkSpec.MasterIndex"/>.</summary>
/// <param name="Name">The bridge name.</param>
public sealed record BridgeLink(string Name) : LinkSpec(Name)
{
    /// <inheritdoc/>
    public override string Kind => "bridge";

    /// <inheritdoc/>
    internal override void WriteInfoData(ref NetlinkWriter writer)
    {
    }
}
