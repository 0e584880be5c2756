using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Vpp.Messages.Memif;

/// <summary>The reply to <see cref="MemifDelete"/>.</summary>
public sealed class MemifDeleteReply : IVppMessage<MemifDeleteReply>, IVppReply
{
    /// <inheritdoc/>
    public static string MessageName => "memif_delete_reply";

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
    public static MemifDeleteReply DecodeFields(ref VppReader reader)
    {
        var message = new MemifDeleteReply();
        message.Retval = reader.I32();
        return message;
    }
}
