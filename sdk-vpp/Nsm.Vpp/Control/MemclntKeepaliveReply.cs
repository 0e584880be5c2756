using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages;

namespace Nsm.Vpp.Control;

/// <summary><c>memclnt_keepalive_reply</c>: the answer to a <see cref="MemclntKeepalive"/>, with its context and retval 0.</summary>
public sealed class MemclntKeepaliveReply : IVppMessage<MemclntKeepaliveReply>, IVppReply
{
    /// <inheritdoc/>
    public static string MessageName => "memclnt_keepalive_reply";

    /// <inheritdoc/>
    public static string MessageCrc => "e8d4e804";

    /// <inheritdoc/>
    public static VppMessageKind Kind => VppMessageKind.Reply;

    /// <summary>Gets the result: 0 is success, negative values are VPP API errors.</summary>
    public int Retval { get; init; }

    /// <inheritdoc/>
    public void EncodeFields(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.I32(Retval);
    }

    /// <inheritdoc/>
    public static MemclntKeepaliveReply DecodeFields(ref VppReader reader) => new() { Retval = reader.I32() };
}
