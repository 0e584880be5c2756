using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Vpp.Messages.Memif;

/// <summary>Deletes a memif interface (<c>memif_delete</c>).</summary>
public sealed class MemifDelete : IVppMessage<MemifDelete>
{
    /// <inheritdoc/>
    public static string MessageName => "memif_delete";

    /// <inheritdoc/>
    public static string MessageCrc => "f9e6675e";

    /// <inheritdoc/>
    public static VppMessageKind Kind => VppMessageKind.Request;

    /// <summary>Gets or sets the interface.</summary>
    public uint SwIfIndex { get; set; }

    /// <inheritdoc/>
    public void EncodeFields(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.U32(SwIfIndex);
    }

    /// <inheritdoc/>
    public static MemifDelete DecodeFields(ref VppReader reader)
    {
        var message = new MemifDelete();
        message.SwIfIndex = reader.U32();
        return message;
    }
}
