using Nsm.Vpp.Codec;

namespace Nsm.Vpp.Messages.Types;

/// <summary>VPP's <c>acl_rule</c> (48 bytes): action, source and destination prefixes (same family), protocol, port or ICMP type/code ranges, TCP flags.</summary>
public sealed class AclRule
{
    /// <summary>The wire size.</summary>
    public const int Size = 48;

    /// <summary>Gets or sets the action (<c>is_permit</c>, u8).</summary>
    public AclAction IsPermit { get; set; }

    /// <summary>Gets or sets the source prefix.</summary>
    public VppPrefix SrcPrefix { get; set; }

    /// <summary>Gets or sets the destination prefix.</summary>
    public VppPrefix DstPrefix { get; set; }

    /// <summary>Gets or sets the IP protocol (0 = any).</summary>
    public IpProto Proto { get; set; }

    /// <summary>Gets or sets <c>srcport_or_icmptype_first</c>.</summary>
    public ushort SrcportOrIcmptypeFirst { get; set; }

    /// <summary>Gets or sets <c>srcport_or_icmptype_last</c>.</summary>
    public ushort SrcportOrIcmptypeLast { get; set; }

    /// <summary>Gets or sets <c>dstport_or_icmpcode_first</c>.</summary>
    public ushort DstportOrIcmpcodeFirst { get; set; }

    /// <summary>Gets or sets <c>dstport_or_icmpcode_last</c>.</summary>
    public ushort DstportOrIcmpcodeLast { get; set; }

    /// <summary>Gets or sets <c>tcp_flags_mask</c>.</summary>
    public byte TcpFlagsMask { get; set; }

    /// <summary>Gets or sets <c>tcp_flags_value</c>.</summary>
    public byte TcpFlagsValue { get; set; }

    /// <summary>Writes the fields.</summary>
    /// <param name="writer">The body.</param>
    public void Write(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.U8((byte)IsPermit);
        SrcPrefix.Write(writer);
        DstPrefix.Write(writer);
        writer.U8((byte)Proto);
        writer.U16(SrcportOrIcmptypeFirst);
        writer.U16(SrcportOrIcmptypeLast);
        writer.U16(DstportOrIcmpcodeFirst);
        writer.U16(DstportOrIcmpcodeLast);
        writer.U8(TcpFlagsMask);
        writer.U8(TcpFlagsValue);
    }

    /// <summary>Reads the fields.</summary>
    /// <param name="reader">The body.</param>
    /// <returns>The value.</returns>
    public static AclRule Read(ref VppReader reader)
    {
        var value = new AclRule();
        value.IsPermit = (AclAction)reader.U8();
        value.SrcPrefix = VppPrefix.Read(ref reader);
        value.DstPrefix = VppPrefix.Read(ref reader);
        value.Proto = (IpProto)reader.U8();
        value.SrcportOrIcmptypeFirst = reader.U16();
        value.SrcportOrIcmptypeLast = reader.U16();
        value.DstportOrIcmpcodeFirst = reader.U16();
        value.DstportOrIcmpcodeLast = reader.U16();
        value.TcpFlagsMask = reader.U8();
        value.TcpFlagsValue = reader.U8();
        return value;
    }
}
