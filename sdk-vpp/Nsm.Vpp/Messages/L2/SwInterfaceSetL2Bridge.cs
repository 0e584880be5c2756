using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Vpp.Messages.L2;

/// <summary>Adds an interface to a bridge domain or removes it (<c>sw_interface_set_l2_bridge</c>).</summary>
public sealed class SwInterfaceSetL2Bridge : IVppMessage<SwInterfaceSetL2Bridge>
{
    /// <inheritdoc/>
    public static string MessageName => "sw_interface_set_l2_bridge";

    /// <inheritdoc/>
    public static string MessageCrc => "d0678b13";

    /// <inheritdoc/>
    public static VppMessageKind Kind => VppMessageKind.Request;

    /// <summary>Gets or sets the interface.</summary>
    public uint RxSwIfIndex { get; set; }

    /// <summary>Gets or sets the bridge domain.</summary>
    public uint BdId { get; set; }

    /// <summary>Gets or sets the port type.</summary>
    public L2PortType PortType { get; set; }

    /// <summary>Gets or sets the split-horizon group.</summary>
    public byte Shg { get; set; }

    /// <summary>Gets or sets whether to add (the default) or remove.</summary>
    public bool Enable { get; set; } = true;

    /// <inheritdoc/>
    public void EncodeFields(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.U32(RxSwIfIndex);
        writer.U32(BdId);
        writer.U32((uint)PortType);
        writer.U8(Shg);
        writer.Bool(Enable);
    }

    /// <inheritdoc/>
    public static SwInterfaceSetL2Bridge DecodeFields(ref VppReader reader)
    {
        var message = new SwInterfaceSetL2Bridge();
        message.RxSwIfIndex = reader.U32();
        message.BdId = reader.U32();
        message.PortType = (L2PortType)reader.U32();
        message.Shg = reader.U8();
        message.Enable = reader.Bool();
        return message;
    }
}
