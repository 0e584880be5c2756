using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages;

namespace Nsm.Vpp.Control;

/// <summary><c>want_interface_events_reply</c>: the answer to <see cref="WantInterfaceEvents"/>.</summary>
public sealed class WantInterfaceEventsReply : IVppMessage<WantInterfaceEventsReply>, IVppReply
{
    /// <inheritdoc/>
    public static string MessageName => "want_interface_events_reply";

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
    public static WantInterfaceEventsReply DecodeFields(ref VppReader reader) => new() { Retval = reader.I32() };
}
