using Nsm.Vpp.Codec;

namespace Nsm.Vpp.Messages.L3xc;

/// <summary>The reply to <see cref="L3xcDel"/>.</summary>
public sealed class L3xcDelReply : IVppMessage<L3xcDelReply>, IVppReply
{
    /// <inheritdoc/>
    public static string MessageName => "l3xc_del_reply";

    /// <inheritdoc/>
    public static string MessageCrc => "e8d4e804";

    /// <inheritdoc/>
    public static VppMessageKind Kind => VppMessageKind.Reply;

    /// <summary>Gets or sets VPP's return value (0 = success).</summary>
    public int Retval { get; set; }

    /// <inheritdoc/>
    public void EncodeFields(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.I32(Retval);
    }

    /// <inheritdoc/>
    public static L3xcDelReply DecodeFields(ref VppReader reader)
    {
        var message = new L3xcDelReply();
        message.Retval = reader.I32();
        return message;
    }
}
