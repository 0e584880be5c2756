using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Vpp.Messages.Interfaces;

/// <summary>Binds an interface to a VRF (<c>sw_interface_set_table</c>); do it before adding addresses (else −114).</summary>
public sealed class SwInterfaceSetTable : IVppMessage<SwInterfaceSetTable>
{
    /// <inheritdoc/>
    public static string MessageName => "sw_interface_set_table";

    /// <inheritdoc/>
    public static string MessageCrc => "df42a577";

    /// <inheritdoc/>
    public static VppMessageKind Kind => VppMessageKind.Request;

    /// <summary>Gets or sets the interface.</summary>
    public uint SwIfIndex { get; set; }

    /// <summary>Gets or sets whether the IPv6 table is meant.</summary>
    public bool IsIpv6 { get; set; }

    /// <summary>Gets or sets the table id.</summary>
    public uint VrfId { get; set; }

    /// <inheritdoc/>
    public void EncodeFields(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.U32(SwIfIndex);
        writer.Bool(IsIpv6);
        writer.U32(VrfId);
    }

    /// <inheritdoc/>
    public static SwInterfaceSetTable DecodeFields(ref VppReader reader)
    {
        var message = new SwInterfaceSetTable();
        message.SwIfIndex = reader.U32();
        message.IsIpv6 = reader.Bool();
        message.VrfId = reader.U32();
        return message;
    }
}
