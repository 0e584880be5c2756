using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Vpp.Messages.Acl;

/// <summary>Creates an ACL or replaces one's rules in place (<c>acl_add_replace</c>).</summary>
public sealed class AclAddReplace : IVppMessage<AclAddReplace>
{
    /// <inheritdoc/>
    public static string MessageName => "acl_add_replace";

    /// <inheritdoc/>
    public static string MessageCrc => "ee5c2f18";

    /// <inheritdoc/>
    public static VppMessageKind Kind => VppMessageKind.Request;

    /// <summary>Gets or sets the ACL to replace (default <c>~0</c> = create).</summary>
    public uint AclIndex { get; set; } = uint.MaxValue;

    /// <summary>Gets or sets the tag (at most 63 bytes).</summary>
    public string Tag { get; set; } = "";

    /// <summary>Gets or sets the rules, in order (<c>count</c> is written from the count).</summary>
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
    public static AclAddReplace DecodeFields(ref VppReader reader)
    {
        var message = new AclAddReplace();
        message.AclIndex = reader.U32();
        message.Tag = reader.FixedString(64);
        var count = reader.U32();
        message.Rules = Wire.ReadList(ref reader, count, 48, AclRule.Read);
        return message;
    }
}
