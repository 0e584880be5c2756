using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Vpp.Messages.WireGuard;

/// <summary>Lists WireGuard interfaces (<c>wireguard_interface_dump</c>).</summary>
public sealed class WireguardInterfaceDump : IVppMessage<WireguardInterfaceDump>
{
    /// <inheritdoc/>
    public static string MessageName => "wireguard_interface_dump";

    /// <inheritdoc/>
    public static string MessageCrc => "2c954158";

    /// <inheritdoc/>
    public static VppMessageKind Kind => VppMessageKind.Request;

    /// <summary>Gets or sets whether private keys are returned.</summary>
    public bool ShowPrivateKey { get; set; }

    /// <summary>Gets or sets the interface (default <c>~0</c> = all).</summary>
    public uint SwIfIndex { get; set; } = uint.MaxValue;

    /// <inheritdoc/>
    public void EncodeFields(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Bool(ShowPrivateKey);
        writer.U32(SwIfIndex);
    }

    /// <inheritdoc/>
    public static WireguardInterfaceDump DecodeFields(ref VppReader reader)
    {
        var message = new WireguardInterfaceDump();
        message.ShowPrivateKey = reader.Bool();
        message.SwIfIndex = reader.U32();
        return message;
    }
}
