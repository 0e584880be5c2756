using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Vpp.Messages.Ip;

/// <summary>An interface address (<c>ip_address_details</c>).</summary>
public sealed class IpAddressDetails : IVppMessage<IpAddressDetails>
{
    /// <inheritdoc/>
    public static string MessageName => "ip_address_details";

    /// <inheritdoc/>
    public static string MessageCrc => "ee29b797";

    /// <inheritdoc/>
    public static VppMessageKind Kind => VppMessageKind.Reply;

    /// <summary>Gets or sets the interface.</summary>
    public uint SwIfIndex { get; set; }

    /// <summary>Gets or sets the address with its prefix length.</summary>
    public VppPrefix Prefix { get; set; }

    /// <inheritdoc/>
    public void EncodeFields(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.U32(SwIfIndex);
        Prefix.Write(writer);
    }

    /// <inheritdoc/>
    public static IpAddressDetails DecodeFields(ref VppReader reader)
    {
        var message = new IpAddressDetails();
        message.SwIfIndex = reader.U32();
        message.Prefix = VppPrefix.Read(ref reader);
        return message;
    }
}
