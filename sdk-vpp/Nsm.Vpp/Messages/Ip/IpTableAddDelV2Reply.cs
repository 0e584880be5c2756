using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Vpp.Messages.Ip;

/// <summary>The reply to <see cref="IpTableAddDelV2"/>.</summary>
public sealed class IpTableAddDelV2Reply : IVppMessage<IpTableAddDelV2Reply>, IVppReply
{
    /// <inheritdoc/>
    public static string MessageName => "ip_table_add_del_v2_reply";

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
    public static IpTableAddDelV2Reply DecodeFields(ref VppReader reader)
    {
        var message = new IpTableAddDelV2Reply();
        message.Retval = reader.I32();
        return message;
    }
}
