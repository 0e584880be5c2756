namespace Nsm.Sdk.Kernel.Netlink;

/// <summary>
/// A kernel WireGuard interface (link kind <c>wireguard</c>; needs the kernel module). Creating one only makes the
/// interface: keys and peers are set through the <c>wireguard</c> generic netlink family.
/// </summary>
/// <param name="Name">The interface name.</param>
public sealed record WireGuardLink(string Name) : LinkSpec(Name)
{
    /// <inheritdoc/>
    public override string Kind => "wireguard";

    /// <inheritdoc/>
    internal override void WriteInfoData(ref NetlinkWriter writer)
    {
    }
}
