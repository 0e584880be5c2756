using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Vpp.Messages.WireGuard;

/// <summary>A WireGuard interface (<c>wireguard_interface_details</c>).</summary>
public sealed class WireguardInterfaceDetails : IVppMessage<WireguardInterfaceDetails>
{
    /// <inheritdoc/>
    public static string MessageName => "wireguard_interface_details";

    /// <inheritdoc/>
    public static string MessageCrc => "0dd4865d";

    /// <inheritdoc/>
    public static VppMessageKind Kind => VppMessageKind.Reply;

    /// <summary>Gets or sets the interface.</summary>
    public WireguardInterface Interface { get; set; } = new();

    /// <inheritdoc/>
    public void EncodeFields(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Interface.Write(writer);
    }

    /// <inheritdoc/>
    public static WireguardInterfaceDetails DecodeFields(ref VppReader reader)
    {
        var message = new WireguardInterfaceDetails();
        message.Interface = WireguardInterface.Read(ref reader);
        return message;
    }
}
