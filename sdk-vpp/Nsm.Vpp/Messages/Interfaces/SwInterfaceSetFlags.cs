using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Vpp.Messages.Interfaces;

/// <summary>Sets an interface admin up or down (<c>sw_interface_set_flags</c>).</summary>
public sealed class SwInterfaceSetFlags : IVppMessage<SwInterfaceSetFlags>
{
    /// <inheritdoc/>
    public static string MessageName => "sw_interface_set_flags";

    /// <inheritdoc/>
    public static string MessageCrc => "f5aec1b8";

    /// <inheritdoc/>
    public static VppMessageKind Kind => VppMessageKind.Request;

    /// <summary>Gets or sets the interface.</summary>
    public uint SwIfIndex { get; set; }

    /// <summary>Gets or sets the flags: <see cref="IfStatusFlags.AdminUp"/> or none (down).</summary>
    public IfStatusFlags Flags { get; set; }

    /// <inheritdoc/>
    public void EncodeFields(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.U32(SwIfIndex);
        writer.U32((uint)Flags);
    }

    /// <inheritdoc/>
    public static SwInterfaceSetFlags DecodeFields(ref VppReader reader)
    {
        var message = new SwInterfaceSetFlags();
        message.SwIfIndex = reader.U32();
        message.Flags = (IfStatusFlags)reader.U32();
        return message;
    }
}
