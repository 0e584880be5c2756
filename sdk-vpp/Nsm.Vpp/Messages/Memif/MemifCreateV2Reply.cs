using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Vpp.Messages.Memif;

/// <summary>The reply to <see cref="MemifCreateV2"/>.</summary>
public sealed class MemifCreateV2Reply : IVppMessage<MemifCreateV2Reply>, IVppReply
{
    /// <inheritdoc/>
    public static string MessageName => "memif_create_v2_reply";

    /// <inheritdoc/>
    public static string MessageCrc => "5383d31f";

    /// <inheritdoc/>
    public static VppMessageKind Kind => VppMessageKind.Reply;

    /// <summary>Gets or sets VPP's return value (0 = success).</summary>
    public int Retval { get; set; }

    /// <summary>Gets or sets the interface created (or deleted).</summary>
    public uint SwIfIndex { get; set; }

    /// <inheritdoc/>
    public void EncodeFields(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.I32(Retval);
        writer.U32(SwIfIndex);
    }

    /// <inheritdoc/>
    public static MemifCreateV2Reply DecodeFields(ref VppReader reader)
    {
        var message = new MemifCreateV2Reply();
        message.Retval = reader.I32();
        message.SwIfIndex = reader.U32();
        return message;
    }
}
