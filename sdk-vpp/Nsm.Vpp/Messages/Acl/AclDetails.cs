using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Vpp.Messages.Acl;

/// <summary>An ACL (<c>acl_details</c>).</summary>
public sealed class AclDetails : IVppMessage<AclDetails>
{
    /// <inheritdoc/>
    public static string MessageName => "acl_details";

    /// <inheritdoc/>
    public static string MessageCrc => "95babae0";

    /// <inheritdoc/>
    public static VppMessageKind Kind => VppMessageKind.Reply;

    /// <summary>Gets or sets the ACL's index.</summary>
    public uint AclIndex { get; set; }

    /// <summary>Gets or sets the tag.</summary>
    public string Tag { get; set; } = "";

    /// <summary>Gets or sets the rules.</summary>
    public IReadOnlyList<AclRule> Rules { get; set; } = [];

    /// <inheritdoc/>
    public void EncodeFields(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.U32(AclIndex);
        writer.FixedString(Tag, 64);
        writer.U32(Wire.CountU32(Rules.Count, nameof(Rules)));
        foreach (var item in Rules)
        {
            item.Write(writer);
        }
    }

    /// <inheritdoc/>
    public static AclDetails DecodeFields(ref VppReader reader)
    {
        var message = new AclDetails();
        message.AclIndex = reader.U32();
        message.Tag = reader.FixedString(64);
        var count = reader.U32();
        message.Rules = Wire.ReadList(ref reader, count, 48, AclRule.Read);
        return message;
    }
}
