using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Vpp.Messages.Interfaces;

/// <summary>Lets an interface borrow another's address (<c>sw_interface_set_unnumbered</c>).</summary>
public sealed class SwInterfaceSetUnnumbered : IVppMessage<SwInterfaceSetUnnumbered>
{
    /// <inheritdoc/>
    public static string MessageName => "sw_interface_set_unnumbered";

    /// <inheritdoc/>
    public static string MessageCrc => "154a6439";

    /// <inheritdoc/>
    public static VppMessageKind Kind => VppMessageKind.Request;

    /// <summary>Gets or sets the interface that owns the address.</summary>
    public uint SwIfIndex { get; set; }

    /// <summary>Gets or sets the interface that borrows it.</summary>
    public uint UnnumberedSwIfIndex { get; set; }

    /// <summary>Gets or sets whether to add (the default) or delete.</summary>
    public bool IsAdd { get; set; } = true;

    /// <inheritdoc/>
    public void EncodeFields(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.U32(SwIfIndex);
        writer.U32(UnnumberedSwIfIndex);
        writer.Bool(IsAdd);
    }

    /// <inheritdoc/>
    public static SwInterfaceSetUnnumbered DecodeFields(ref VppReader reader)
    {
        var message = new SwInterfaceSetUnnumbered();
        message.SwIfIndex = reader.U32();
        message.UnnumberedSwIfIndex = reader.U32();
        message.IsAdd = reader.Bool();
        return message;
    }
}
