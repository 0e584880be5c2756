using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Vpp.Messages.Interfaces;

/// <summary>Sets or clears an interface's tag (<c>sw_interface_tag_add_del</c>; <c>is_add</c> comes first).</summary>
public sealed class SwInterfaceTagAddDel : IVppMessage<SwInterfaceTagAddDel>
{
    /// <inheritdoc/>
    public static string MessageName => "sw_interface_tag_add_del";

    /// <inheritdoc/>
    public static string MessageCrc => "426f8bc1";

    /// <inheritdoc/>
    public static VppMessageKind Kind => VppMessageKind.Request;

    /// <summary>Gets or sets whether to add (the default) or delete.</summary>
    public bool IsAdd { get; set; } = true;

    /// <summary>Gets or sets the interface.</summary>
    public uint SwIfIndex { get; set; }

    /// <summary>Gets or sets the tag (at most 63 bytes).</summary>
    public string Tag { get; set; } = "";

    /// <inheritdoc/>
    public void EncodeFields(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Bool(IsAdd);
        writer.U32(SwIfIndex);
        writer.FixedString(Tag, 64);
    }

    /// <inheritdoc/>
    public static SwInterfaceTagAddDel DecodeFields(ref VppReader reader)
    {
        var message = new SwInterfaceTagAddDel();
        message.IsAdd = reader.Bool();
        message.SwIfIndex = reader.U32();
        message.Tag = reader.FixedString(64);
        return message;
    }
}
