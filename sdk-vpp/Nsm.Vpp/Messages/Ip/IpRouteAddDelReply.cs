using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Vpp.Messages.Ip;

/// <summary>The reply to <see cref="IpRouteAddDel"/>.</summary>
public sealed class IpRouteAddDelReply : IVppMessage<IpRouteAddDelReply>, IVppReply
{
    /// <inheritdoc/>
    public static string MessageName => "ip_route_add_del_reply";

    /// <inheritdoc/>
    public static string MessageCrc => "1992deab";

    /// <inheritdoc/>
    public static VppMessageKind Kind => VppMessageKind.Reply;

    /// <summary>Gets or sets VPP's return value (0 = success).</summary>
    public int Retval { get; set; }

    /// <summary>Gets or sets the route's stats index.</summary>
    public uint StatsIndex { get; set; }

    /// <inheritdoc/>
    public void EncodeFields(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.I32(Retval);
        writer.U32(StatsIndex);
    }

    /// <inheritdoc/>
    public static IpRouteAddDelReply DecodeFields(ref VppReader reader)
    {
        var message = new IpRouteAddDelReply();
        message.Retval = reader.I32();
        message.StatsIndex = reader.U32();
        return message;
    }
}
