using Nsm.Vpp.Codec;

namespace Nsm.Vpp.Messages.Types;

/// <summary>VPP's <c>ip_table</c>: a VRF's id, family and name.</summary>
public sealed class IpTable
{
    /// <summary>The wire size.</summary>
    public const int Size = 69;

    /// <summary>Gets or sets <c>table_id</c>.</summary>
    public uint TableId { get; set; }

    /// <summary>Gets or sets <c>is_ip6</c>.</summary>
    public bool IsIp6 { get; set; }

    /// <summary>Gets or sets the table's name (at most 63 bytes).</summary>
    public string Name { get; set; } = "";

    /// <summary>Writes the fields.</summary>
    /// <param name="writer">The body.</param>
    public void Write(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.U32(TableId);
        writer.Bool(IsIp6);
        writer.FixedString(Name, 64);
    }

    /// <summary>Reads the fields.</summary>
    /// <param name="reader">The body.</param>
    /// <returns>The value.</returns>
    public static IpTable Read(ref VppReader reader)
    {
        var value = new IpTable();
        value.TableId = reader.U32();
        value.IsIp6 = reader.Bool();
        value.Name = reader.FixedString(64);
        return value;
    }
}
