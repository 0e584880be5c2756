using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Vpp.Messages.WireGuard;

/// <summary>Creates a WireGuard interface (<c>wireguard_interface_create</c>).</summary>
public sealed class WireguardInterfaceCreate : IVppMessage<WireguardInterfaceCreate>
{
    /// <inheritdoc/>
    public static string MessageName => "wireguard_interface_create";

    /// <inheritdoc/>
    public static string MessageCrc => "a530137e";

    /// <inheritdoc/>
    public static VppMessageKind Kind => VppMessageKind.Request;

    /// <summary>Gets or sets the interface.</summary>
    public WireguardInterface Interface { get; set; } = new();

    /// <summary>Gets or sets whether VPP generates the key pair.</summary>
    public bool GenerateKey { get; set; }

    /// <inheritdoc/>
    public void EncodeFields(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Interface.Write(writer);
        writer.Bool(GenerateKey);
    }

    /// <inheritdoc/>
    public static WireguardInterfaceCreate DecodeFields(ref VppReader reader)
    {
        var message = new WireguardInterfaceCreate();
        message.Interface = WireguardInterface.Read(ref reader);
        message.GenerateKey = reader.Bool();
        return message;
    }
}
