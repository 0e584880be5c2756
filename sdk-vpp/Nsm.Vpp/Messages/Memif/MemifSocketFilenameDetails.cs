using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Vpp.Messages.Memif;

/// <summary>A memif socket file (<c>memif_socket_filename_details</c>).</summary>
public sealed class MemifSocketFilenameDetails : IVppMessage<MemifSocketFilenameDetails>
{
    /// <inheritdoc/>
    public static string MessageName => "memif_socket_filename_details";

    /// <inheritdoc/>
    public static string MessageCrc => "7ff326f7";

    /// <inheritdoc/>
    public static VppMessageKind Kind => VppMessageKind.Reply;

    /// <summary>Gets or sets the socket id.</summary>
    public uint SocketId { get; set; }

    /// <summary>Gets or sets the path.</summary>
    public string SocketFilename { get; set; } = "";

    /// <inheritdoc/>
    public void EncodeFields(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.U32(SocketId);
        writer.FixedString(SocketFilename, 108);
    }

    /// <inheritdoc/>
    public static MemifSocketFilenameDetails DecodeFields(ref VppReader reader)
    {
        var message = new MemifSocketFilenameDetails();
        message.SocketId = reader.U32();
        message.SocketFilename = reader.FixedString(108);
        return message;
    }
}
