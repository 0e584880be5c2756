using Nsm.Vpp.Codec;

namespace Nsm.Vpp.Messages.L3xc;

/// <summary>The reply to <see cref="L3xcUpdate"/>.</summary>
public sealed class L3xcUpdateReply : IVppMessage<L3xcUpdateReply>, IVppReply
{
    /// <inheritdoc/>
    public static string MessageName => "l3xc_update_reply";

    /// <inheritdoc/>
    public static string MessageCrc => "1992deab";

    /// <inheritdoc/>
    public static VppMessageKind Kind => VppMessageKind.Reply;

    /// <summary>Gets or sets VPP's return value (0 = success).</summary>
    public int Retval { get; set; }

    /// <summary>Gets or sets the cross-connect's stats index.</summary>
    public uint StatsIndex { get; set; }

    /// <inheritdoc/>
    public void EncodeFields(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.I32(Retval);
        writer.U32(StatsIndex);
    }

    /// <inheritdoc/>
    public static L3xcUpdateReply DecodeFields(ref VppReader reader)
    {
        var message = new L3xcUpdateReply();
        message.Retval = reader.I32();
        message.StatsIndex = reader.U32();
        return message;
    }
}
