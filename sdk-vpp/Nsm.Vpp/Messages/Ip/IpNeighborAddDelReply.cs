using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Vpp.Messages.Ip;

/// <summary>The reply to <see cref="IpNeighborAddDel"/>.</summary>
public sealed class IpNeighborAddDelReply : IVppMessage<IpNeighborAddDelReply>, IVppReply
{
    /// <inheritdoc/>
    public static string MessageName => "ip_neighbor_add_del_reply";

    /// <inheritdoc/>
    public static string MessageCrc => "1992deab";

    /// <inheritdoc/>
    public static VppMessageKind Kind => VppMessageKind.Reply;

    /// <summary>Gets or sets VPP's return value (0 = success).</summary>
    public int Retval { get; set; }

    /// <summary>Gets or sets the neighbour's stats index.</summary>
    public uint StatsIndex { get; set; }

    /// <inheritdoc/>
    public void EncodeFields(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.I32(Retval);
        writer.U32(StatsIndex);
    }

    /// <inheritdoc/>
    public static IpNeighborAddDelReply DecodeFields(ref VppReader reader)
    {
        var message = new IpNeighborAddDelReply();
        message.Retval = reader.I32();
        message.StatsIndex = reader.U32();
        return message;
    }
}
