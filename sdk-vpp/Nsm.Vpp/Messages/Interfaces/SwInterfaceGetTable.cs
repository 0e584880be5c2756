using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Vpp.Messages.Interfaces;

/// <summary>Reads an interface's VRF (<c>sw_interface_get_table</c>).</summary>
public sealed class SwInterfaceGetTable : IVppMessage<SwInterfaceGetTable>
{
    /// <inheritdoc/>
    public static string MessageName => "sw_interface_get_table";

    /// <inheritdoc/>
    public static string MessageCrc => "2d033de4";

    /// <inheritdoc/>
    public static VppMessageKind Kind => VppMessageKind.Request;

    /// <summary>Gets or sets the interface.</summary>
    public uint SwIfIndex { get; set; }

    /// <summary>Gets or sets whether the IPv6 table is meant.</summary>
    public bool IsIpv6 { get; set; }

    /// <inheritdoc/>
    public void EncodeFields(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.U32(SwIfIndex);
        writer.Bool(IsIpv6);
    }

    /// <inheritdoc/>
    public static SwInterfaceGetTable DecodeFields(ref VppReader reader)
    {
        var message = new SwInterfaceGetTable();
        message.SwIfIndex = reader.U32();
        message.IsIpv6 = reader.Bool();
        return message;
    }
}
