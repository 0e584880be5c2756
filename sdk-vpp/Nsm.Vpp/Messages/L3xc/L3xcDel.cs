using Nsm.Vpp.Codec;

namespace Nsm.Vpp.Messages.L3xc;

/// <summary>Removes an interface's layer-3 cross-connect of one IP family (<c>l3xc_del</c>, l3xc plugin).</summary>
public sealed class L3xcDel : IVppMessage<L3xcDel>
{
    /// <inheritdoc/>
    public static string MessageName => "l3xc_del";

    /// <inheritdoc/>
    public static string MessageCrc => "e7dbef91";

    /// <inheritdoc/>
    public static VppMessageKind Kind => VppMessageKind.Request;

    /// <summary>Gets or sets the input interface.</summary>
    public uint SwIfIndex { get; set; }

    /// <summary>Gets or sets whether the IPv6 cross-connect goes (else the IPv4 one).</summary>
    public bool IsIp6 { get; set; }

    /// <inheritdoc/>
    public void EncodeFields(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.U32(SwIfIndex);
        writer.Bool(IsIp6);
    }

    /// <inheritdoc/>
    public static L3xcDel DecodeFields(ref VppReader reader)
    {
        var message = new L3xcDel();
        message.SwIfIndex = reader.U32();
        message.IsIp6 = reader.Bool();
        return message;
    }
}
