using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Vpp.Messages.Interfaces;

/// <summary>Sets an interface's MAC (<c>sw_interface_set_mac_address</c>).</summary>
public sealed class SwInterfaceSetMacAddress : IVppMessage<SwInterfaceSetMacAddress>
{
    /// <inheritdoc/>
    public static string MessageName => "sw_interface_set_mac_address";

    /// <inheritdoc/>
    public static string MessageCrc => "c536e7eb";

    /// <inheritdoc/>
    public static VppMessageKind Kind => VppMessageKind.Request;

    /// <summary>Gets or sets the interface.</summary>
    public uint SwIfIndex { get; set; }

    /// <summary>Gets or sets the MAC.</summary>
    public MacAddress MacAddress { get; set; }

    /// <inheritdoc/>
    public void EncodeFields(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.U32(SwIfIndex);
        MacAddress.Write(writer);
    }

    /// <inheritdoc/>
    public static SwInterfaceSetMacAddress DecodeFields(ref VppReader reader)
    {
        var message = new SwInterfaceSetMacAddress();
        message.SwIfIndex = reader.U32();
        message.MacAddress = MacAddress.Read(ref reader);
        return message;
    }
}
