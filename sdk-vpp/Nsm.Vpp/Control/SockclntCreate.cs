using Nsm.Vpp.Codec;

namespace Nsm.Vpp.Control;

/// <summary>
/// <c>sockclnt_create</c>: the handshake's first message, always id 15. It has no <c>client_index</c>: its header is
/// <c>u16 _vl_msg_id, u32 context</c>, the shape of <see cref="VppMessageKind.Reply"/>, then <c>string name[64]</c>.
/// </summary>
public sealed class SockclntCreate : IVppMessage<SockclntCreate>
{
    /// <summary>The fixed id of <c>sockclnt_create</c> (the only id known before the message table arrives).</summary>
    public const ushort FixedId = 15;

    /// <inheritdoc/>
    public static string MessageName => "sockclnt_create";

    /// <inheritdoc/>
    public static string MessageCrc => "455fb9c4";

    /// <inheritdoc/>
    public static VppMessageKind Kind => VppMessageKind.Reply;

    /// <summary>Gets the client name VPP shows in <c>show api clients</c> (at most 63 bytes).</summary>
    public string Name { get; init; } = string.Empty;

    /// <inheritdoc/>
    public void EncodeFields(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.FixedString(Name, 64);
    }

    /// <inheritdoc/>
    public static SockclntCreate DecodeFields(ref VppReader reader) => new() { Name = reader.FixedString(64) };
}
