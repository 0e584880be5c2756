using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Vpp.Messages.Memif;

/// <summary>Registers or removes a memif socket file (<c>memif_socket_filename_add_del_v2</c>).</summary>
public sealed class MemifSocketFilenameAddDelV2 : IVppMessage<MemifSocketFilenameAddDelV2>
{
    /// <inheritdoc/>
    public static string MessageName => "memif_socket_filename_add_del_v2";

    /// <inheritdoc/>
    public static string MessageCrc => "34223bdf";

    /// <inheritdoc/>
    public static VppMessageKind Kind => VppMessageKind.Request;

    /// <summary>Gets or sets whether to add (the default) or delete.</summary>
    public bool IsAdd { get; set; } = true;

    /// <summary>Gets or sets the socket id (<c>~0</c>, the default, allocates one).</summary>
    public uint SocketId { get; set; } = uint.MaxValue;

    /// <summary>Gets or sets the socket file's path.</summary>
    public string SocketFilename { get; set; } = "";

    /// <inheritdoc/>
    public void EncodeFields(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Bool(IsAdd);
        writer.U32(SocketId);
        writer.VariableString(SocketFilename);
    }

    /// <inheritdoc/>
    public static MemifSocketFilenameAddDelV2 DecodeFields(ref VppReader reader)
    {
        var message = new MemifSocketFilenameAddDelV2();
        message.IsAdd = reader.Bool();
        message.SocketId = reader.U32();
        message.SocketFilename = reader.VariableString();
        return message;
    }
}
