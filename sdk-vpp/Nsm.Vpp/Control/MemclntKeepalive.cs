using Nsm.Vpp.Codec;

namespace Nsm.Vpp.Control;

/// <summary><c>memclnt_keepalive</c>: VPP asking whether the client is alive; the client answers <see cref="MemclntKeepaliveReply"/> with the same context.</summary>
public sealed class MemclntKeepalive : IVppMessage<MemclntKeepalive>
{
    /// <inheritdoc/>
    public static string MessageName => "memclnt_keepalive";

    /// <inheritdoc/>
    public static string MessageCrc => "51077d14";

    /// <inheritdoc/>
    public static VppMessageKind Kind => VppMessageKind.Request;

    /// <inheritdoc/>
    public void EncodeFields(VppWriter writer) => ArgumentNullException.ThrowIfNull(writer);

    /// <inheritdoc/>
    public static MemclntKeepalive DecodeFields(ref VppReader reader) => new();
}
