using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Vpp.Messages.Interfaces;

/// <summary>Sets an interface's receive mode (<c>sw_interface_set_rx_mode</c>).</summary>
public sealed class SwInterfaceSetRxMode : IVppMessage<SwInterfaceSetRxMode>
{
    /// <inheritdoc/>
    public static string MessageName => "sw_interface_set_rx_mode";

    /// <inheritdoc/>
    public static string MessageCrc => "b04d1cfe";

    /// <inheritdoc/>
    public static VppMessageKind Kind => VppMessageKind.Request;

    /// <summary>Gets or sets the interface.</summary>
    public uint SwIfIndex { get; set; }

    /// <summary>Gets or sets whether <see cref="QueueId"/> selects one queue (else all).</summary>
    public bool QueueIdValid { get; set; }

    /// <summary>Gets or sets <c>queue_id</c>.</summary>
    public uint QueueId { get; set; }

    /// <summary>Gets or sets the mode.</summary>
    public RxMode Mode { get; set; }

    /// <inheritdoc/>
    public void EncodeFields(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.U32(SwIfIndex);
        writer.Bool(QueueIdValid);
        writer.U32(QueueId);
        writer.U32((uint)Mode);
    }

    /// <inheritdoc/>
    public static SwInterfaceSetRxMode DecodeFields(ref VppReader reader)
    {
        var message = new SwInterfaceSetRxMode();
        message.SwIfIndex = reader.U32();
        message.QueueIdValid = reader.Bool();
        message.QueueId = reader.U32();
        message.Mode = (RxMode)reader.U32();
        return message;
    }
}
