using Nsm.Sdk.Kernel.Netlink;

namespace Nsm.Sdk.Kernel.Genetlink;

/// <summary>Starts generic netlink requests: the netlink header with the family id as type, then <c>struct genlmsghdr</c>.</summary>
internal static class GenericNetlinkRequest
{
    /// <summary>A writer for command <paramref name="command"/> of family <paramref name="familyId"/>.</summary>
    public static NetlinkWriter Start(Span<byte> buffer, ushort familyId, ushort flags, byte command, byte version)
    {
        var writer = new NetlinkWriter(buffer, familyId, flags);
        writer.Struct(command | (uint)version << 8); // genlmsghdr: cmd, version, reserved 0
        return writer;
    }
}
