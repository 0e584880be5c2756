using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Vpp.Messages.Ip;

/// <summary>Adds or deletes a VRF, optionally with its multicast FIB (<c>ip_table_add_del_v2</c>).</summary>
public sealed class IpTableAddDelV2 : IVppMessage<IpTableAddDelV2>
{
    /// <inheritdoc/>
    public static string MessageName => "ip_table_add_del_v2";

    /// <inheritdoc/>
    public static string MessageCrc => "14e5081f";

    /// <inheritdoc/>
    public static VppMessageKind Kind => VppMessageKind.Request;

    /// <summary>Gets or sets the table.</summary>
    public IpTable Table { get; set; } = new();

    /// <summary>Gets or sets whether to create the multicast FIB too (default true).</summary>
    public bool CreateMfib { get; set; } = true;

    /// <summary>Gets or sets whether to add (the default) or delete.</summary>
    public bool IsAdd { get; set; } = true;

    /// <inheritdoc/>
    public void EncodeFields(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Table.Write(writer);
        writer.Bool(CreateMfib);
        writer.Bool(IsAdd);
    }

    /// <inheritdoc/>
    public static IpTableAddDelV2 DecodeFields(ref VppReader reader)
    {
        var message = new IpTableAddDelV2();
        message.Table = IpTable.Read(ref reader);
        message.CreateMfib = reader.Bool();
        message.IsAdd = reader.Bool();
        return message;
    }
}
