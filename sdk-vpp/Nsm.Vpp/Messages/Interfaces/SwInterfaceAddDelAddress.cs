using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Vpp.Messages.Interfaces;

/// <summary>Adds or removes an interface address (<c>sw_interface_add_del_address</c>).</summary>
public sealed class SwInterfaceAddDelAddress : IVppMessage<SwInterfaceAddDelAddress>
{
    /// <inheritdoc/>
    public static string MessageName => "sw_interface_add_del_address";

    /// <inheritdoc/>
    public static string MessageCrc => "5463d73b";

    /// <inheritdoc/>
    public static VppMessageKind Kind => VppMessageKind.Request;

    /// <summary>Gets or sets the interface.</summary>
    public uint SwIfIndex { get; set; }

    /// <summary>Gets or sets whether to add (the default) or delete.</summary>
    public bool IsAdd { get; set; } = true;

    /// <summary>Gets or sets whether to remove every address (the prefix is then ignored).</summary>
    public bool DelAll { get; set; }

    /// <summary>Gets or sets the address with its prefix length (host bits kept).</summary>
    public VppPrefix Prefix { get; set; }

    /// <inheritdoc/>
    public void EncodeFields(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.U32(SwIfIndex);
        writer.Bool(IsAdd);
        writer.Bool(DelAll);
        Prefix.Write(writer);
    }

    /// <inheritdoc/>
    public static SwInterfaceAddDelAddress DecodeFields(ref VppReader reader)
    {
        var message = new SwInterfaceAddDelAddress();
        message.SwIfIndex = reader.U32();
        message.IsAdd = reader.Bool();
        message.DelAll = reader.Bool();
        message.Prefix = VppPrefix.Read(ref reader);
        return message;
    }
}
