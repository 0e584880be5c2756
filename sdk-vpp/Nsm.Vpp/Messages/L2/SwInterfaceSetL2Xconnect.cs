using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Vpp.Messages.L2;

/// <summary>Cross-connects one direction, rx → tx (<c>sw_interface_set_l2_xconnect</c>); a pair needs two.</summary>
public sealed class SwInterfaceSetL2Xconnect : IVppMessage<SwInterfaceSetL2Xconnect>
{
    /// <inheritdoc/>
    public static string MessageName => "sw_interface_set_l2_xconnect";

    /// <inheritdoc/>
    public static string MessageCrc => "4fa28a85";

    /// <inheritdoc/>
    public static VppMessageKind Kind => VppMessageKind.Request;

    /// <summary>Gets or sets the receiving interface.</summary>
    public uint RxSwIfIndex { get; set; }

    /// <summary>Gets or sets the transmitting interface.</summary>
    public uint TxSwIfIndex { get; set; }

    /// <summary>Gets or sets whether to connect (the default) or return rx to L3.</summary>
    public bool Enable { get; set; } = true;

    /// <inheritdoc/>
    public void EncodeFields(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.U32(RxSwIfIndex);
        writer.U32(TxSwIfIndex);
        writer.Bool(Enable);
    }

    /// <inheritdoc/>
    public static SwInterfaceSetL2Xconnect DecodeFields(ref VppReader reader)
    {
        var message = new SwInterfaceSetL2Xconnect();
        message.RxSwIfIndex = reader.U32();
        message.TxSwIfIndex = reader.U32();
        message.Enable = reader.Bool();
        return message;
    }
}
