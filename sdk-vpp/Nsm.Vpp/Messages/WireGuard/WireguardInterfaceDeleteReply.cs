using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Vpp.Messages.WireGuard;

/// <summary>The reply to <see cref="WireguardInterfaceDelete"/>.</summary>
public sealed class WireguardInterfaceDeleteReply : IVppMessage<WireguardInterfaceDeleteReply>, IVppReply
{
    /// <inheritdoc/>
    public static string MessageName => "wireguard_interface_delete_reply";

    /// <inheritdoc/>
    public static string MessageCrc => "e8d4e804";

    /// <inheritdoc/>
    public static VppMessageKind Kind => VppMessageKind.Reply;

    /// <summary>Gets or sets VPP's return value (0 = success).</summary>
    public int Retval { get; set; }

    /// <inheritdoc/>
    public void EncodeFields(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.I32(Retval);
    }

    /// <inheritdoc/>
    public static WireguardInterfaceDeleteReply DecodeFields(ref VppReader reader)
    {
        var message = new WireguardInterfaceDeleteReply();
        message.Retval = reader.I32();
        return message;
    }
}
