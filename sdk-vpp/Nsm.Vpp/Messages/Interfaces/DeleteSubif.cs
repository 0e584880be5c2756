using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Vpp.Messages.Interfaces;

/// <summary>Deletes a sub-interface (<c>delete_subif</c>).</summary>
public sealed class DeleteSubif : IVppMessage<DeleteSubif>
{
    /// <inheritdoc/>
    public static string MessageName => "delete_subif";

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
    public static DeleteSubif DecodeFields(ref VppReader reader)
    {
        var message = new DeleteSubif();
        message.SwIfIndex = reader.U32();
        return message;
    }
}
