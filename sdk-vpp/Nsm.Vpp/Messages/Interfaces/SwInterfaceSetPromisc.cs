using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Vpp.Messages.Interfaces;

/// <summary>Sets an interface's promiscuous mode (<c>sw_interface_set_promisc</c>).</summary>
public sealed class SwInterfaceSetPromisc : IVppMessage<SwInterfaceSetPromisc>
{
    /// <inheritdoc/>
    public static string MessageName => "sw_interface_set_promisc";

    /// <inheritdoc/>
    public static string MessageCrc => "d40860d4";

    /// <inheritdoc/>
    public static VppMessageKind Kind => VppMessageKind.Request;

    /// <summary>Gets or sets the interface.</summary>
    public uint SwIfIndex { get; set; }

    /// <summary>Gets or sets whether promiscuous mode is on.</summary>
    public bool PromiscOn { get; set; }

    /// <inheritdoc/>
    public void EncodeFields(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.U32(SwIfIndex);
        writer.Bool(PromiscOn);
    }

    /// <inheritdoc/>
    public static SwInterfaceSetPromisc DecodeFields(ref VppReader reader)
    {
        var message = new SwInterfaceSetPromisc();
        message.SwIfIndex = reader.U32();
        message.PromiscOn = reader.Bool();
        return message;
    }
}
