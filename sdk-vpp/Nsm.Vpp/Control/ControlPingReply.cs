using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages;

namespace Nsm.Vpp.Control;

/// <summary><c>control_ping_reply</c>: the answer to <see cref="ControlPing"/>, and the end of a dump.</summary>
public sealed class ControlPingReply : IVppMessage<ControlPingReply>, IVppReply
{
    /// <inheritdoc/>
    public static string MessageName => "control_ping_reply";

    /// <inheritdoc/>
    public static string MessageCrc => "f6b0b8ca";

    /// <inheritdoc/>
    public static VppMessageKind Kind => VppMessageKind.Reply;

    /// <summary>Gets the result: 0 is success.</summary>
    public int Retval { get; init; }

    /// <summary>Gets the client handle of the connection that pinged.</summary>
    public uint ClientIndex { get; init; }

    /// <summary>Gets VPP's process id.</summary>
    public uint VpePid { get; init; }

    /// <inheritdoc/>
    public void EncodeFields(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.I32(Retval);
        writer.U32(ClientIndex);
        writer.U32(VpePid);
    }

    /// <inheritdoc/>
    public static ControlPingReply DecodeFields(ref VppReader reader) =>
        new() { Retval = reader.I32(), ClientIndex = reader.U32(), VpePid = reader.U32() };
}
