using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Vpp.Messages.L2;

/// <summary>Adds or deletes a bridge domain (<c>bridge_domain_add_del_v2</c>).</summary>
public sealed class BridgeDomainAddDelV2 : IVppMessage<BridgeDomainAddDelV2>
{
    /// <inheritdoc/>
    public static string MessageName => "bridge_domain_add_del_v2";

    /// <inheritdoc/>
    public static string MessageCrc => "600b7170";

    /// <inheritdoc/>
    public static VppMessageKind Kind => VppMessageKind.Request;

    /// <summary>Gets or sets the bridge domain (default <c>~0</c> = allocate).</summary>
    public uint BdId { get; set; } = uint.MaxValue;

    /// <summary>Gets or sets <c>flood</c>.</summary>
    public bool Flood { get; set; }

    /// <summary>Gets or sets <c>uu_flood</c>.</summary>
    public bool UuFlood { get; set; }

    /// <summary>Gets or sets <c>forward</c>.</summary>
    public bool Forward { get; set; }

    /// <summary>Gets or sets <c>learn</c>.</summary>
    public bool Learn { get; set; }

    /// <summary>Gets or sets <c>arp_term</c>.</summary>
    public bool ArpTerm { get; set; }

    /// <summary>Gets or sets <c>arp_ufwd</c>.</summary>
    public bool ArpUfwd { get; set; }

    /// <summary>Gets or sets the MAC age in minutes (0 = off).</summary>
    public byte MacAge { get; set; }

    /// <summary>Gets or sets the tag (at most 63 bytes).</summary>
    public string BdTag { get; set; } = "";

    /// <summary>Gets or sets whether to add (the default) or delete.</summary>
    public bool IsAdd { get; set; } = true;

    /// <inheritdoc/>
    public void EncodeFields(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.U32(BdId);
        writer.Bool(Flood);
        writer.Bool(UuFlood);
        writer.Bool(Forward);
        writer.Bool(Learn);
        writer.Bool(ArpTerm);
        writer.Bool(ArpUfwd);
        writer.U8(MacAge);
        writer.FixedString(BdTag, 64);
        writer.Bool(IsAdd);
    }

    /// <inheritdoc/>
    public static BridgeDomainAddDelV2 DecodeFields(ref VppReader reader)
    {
        var message = new BridgeDomainAddDelV2();
        message.BdId = reader.U32();
        message.Flood = reader.Bool();
        message.UuFlood = reader.Bool();
        message.Forward = reader.Bool();
        message.Learn = reader.Bool();
        message.ArpTerm = reader.Bool();
        message.ArpUfwd = reader.Bool();
        message.MacAge = reader.U8();
        message.BdTag = reader.FixedString(64);
        message.IsAdd = reader.Bool();
        return message;
    }
}
