using Nsm.Vpp.Codec;

namespace Nsm.Vpp.Control;

/// <summary><c>sockclnt_delete_reply</c>: <c>response</c> is 1 on success (not 0), negative when the index is unknown.</summary>
public sealed class SockclntDeleteReply : IVppMessage<SockclntDeleteReply>
{
    /// <inheritdoc/>
    public static string MessageName => "sockclnt_delete_reply";

    /// <inheritdoc/>
    public static string MessageCrc => "8f38b1ee";

    /// <inheritdoc/>
    public static VppMessageKind Kind => VppMessageKind.Reply;

    /// <summary>Gets the result: 1 (or any value ≥ 0) is success.</summary>
    public int Response { get; init; }

    /// <inheritdoc/>
    public void EncodeFields(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.I32(Response);
    }

    /// <inheritdoc/>
    public static SockclntDeleteReply DecodeFields(ref VppReader reader) => new() { Response = reader.I32() };
}
