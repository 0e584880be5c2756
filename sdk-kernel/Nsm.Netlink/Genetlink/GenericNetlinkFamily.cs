namespace Nsm.Sdk.Kernel.Genetlink;

/// <summary>A generic netlink family as the controller (<c>nlctrl</c>) describes it.</summary>
/// <param name="Name">The family's name, e.g. <c>wireguard</c>.</param>
/// <param name="Id">The family's id: the netlink message type of its requests, given out by the kernel when the family registers.</param>
/// <param name="Version">The family's protocol version.</param>
/// <param name="MaxAttribute">The highest attribute type the family knows.</param>
public sealed record GenericNetlinkFamily(string Name, ushort Id, uint Version, uint MaxAttribute);
