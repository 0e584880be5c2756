using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Vpp.Messages.Ip;

/// <summary>Lists an interface's addresses (<c>ip_address_dump</c>).</summary>
public sealed class IpAddressDump : IVppMessage<IpAddressDump>
{
    /// <inheritdoc/>
    public static string MessageName => "ip_address_dump";

    /// <inheritdoc/>
    public static string MessageCrc => "2d033de4";

    /// <inheritdoc/>
    public static VppMessageKind Kind => VppMessageKind.Request;

    /// <summary>Gets or sets the interface.</summary>
    public uint SwIfIndex { get; set; }

    /// <summary>Gets or sets whether IPv6 addresses are listed (else IPv4).</summary>
    public bool IsIpv6 { get; set; }

    /// <inheritdoc/>
    public void EncodeFields(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.U32(SwIfIndex);
        writer.Bool(IsIpv6);
    }

    /// <inheritdoc/>
    public static IpAddressDump DecodeFields(ref VppReader reader)
    {
        var message = new IpAddressDump();
        message.SwIfIndex = reader.U32();
        message.IsIpv6 = reader.Bool();
        return message;
    }
}
