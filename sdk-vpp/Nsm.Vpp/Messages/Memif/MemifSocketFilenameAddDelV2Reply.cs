using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Vpp.Messages.Memif;

/// <summary>The reply to <see cref="MemifSocketFilenameAddDelV2"/>.</summary>
public sealed class MemifSocketFilenameAddDelV2Reply : IVppMessage<MemifSocketFilenameAddDelV2Reply>, IVppReply
{
    /// <inheritdoc/>
    public static string MessageName => "memif_socket_filename_add_del_v2_reply";

    /// <inheritdoc/>
    public static string MessageCrc => "9f29bdb9";

    /// <inheritdoc/>
    public static VppMessageKind Kind => VppMessageKind.Reply;

    /// <summary>Gets or sets VPP's return value (0 = success).</summary>
    public int Retval { get; set; }

    /// <summary>Gets or sets the (allocated) socket id; opaque.</summary>
    public uint SocketId { get; set; }

    /// <inheritdoc/>
    public void EncodeFields(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.I32(Retval);
        writer.U32(SocketId);
    }

    /// <inheritdoc/>
    public static MemifSocketFilenameAddDelV2Reply DecodeFields(ref VppReader reader)
    {
        var message = new MemifSocketFilenameAddDelV2Reply();
        message.Retval = reader.I32();
        message.SocketId = reader.U32();
        return message;
    }
}
