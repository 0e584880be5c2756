using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Vpp.Messages.Ip;

/// <summary>Adds or deletes a VRF (<c>ip_table_add_del</c>).</summary>
public sealed class IpTableAddDel : IVppMessage<IpTableAddDel>
{
    /// <inheritdoc/>
    public static string MessageName => "ip_table_add_del";

    /// <inheritdoc/>
    public static string MessageCrc => "0ffdaec0";

    /// <inheritdoc/>
    public static VppMessageKind Kind => VppMessageKind.Request;

    /// <summary>Gets or sets whether to add (the default) or delete.</summary>
    public bool IsAdd { get; set; } = true;

    /// <summary>Gets or sets the table.</summary>
    public IpTable Table { get; set; } = new();

    /// <inheritdoc/>
    public void EncodeFields(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Bool(IsAdd);
        Table.Write(writer);
    }

    /// <inheritdoc/>
    public static IpTableAddDel DecodeFields(ref VppReader reader)
    {
        var message = new IpTableAddDel();
        message.IsAdd = reader.Bool();
        message.Table = IpTable.Read(ref reader);
        return message;
    }
}
