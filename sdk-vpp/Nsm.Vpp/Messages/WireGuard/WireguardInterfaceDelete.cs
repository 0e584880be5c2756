using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Vpp.Messages.WireGuard;

/// <summary>Deletes a WireGuard interface (<c>wireguard_interface_delete</c>).</summary>
public sealed class WireguardInterfaceDelete : IVppMessage<WireguardInterfaceDelete>
{
    /// <inheritdoc/>
    public static string MessageName => "wireguard_interface_delete";

    /// <inheritdoc/>
    public static string MessageCrc => "f9e6675e";

    /// <inheritdoc/>
    public static VppMessageKind Kind => VppMessageKind.Request;

    /// <summary>Gets or sets the interface.</summary>
    public uint SwIfIndex { get; set; }

    /// <inheritdoc/>
    public void EncodeFields(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.U32(SwIfIndex);
    }

    /// <inheritdoc/>
    public static WireguardInterfaceDelete DecodeFields(ref VppReader reader)
    {
        var message = new WireguardInterfaceDelete();
        message.SwIfIndex = reader.U32();
        return message;
    }
}
