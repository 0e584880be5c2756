using Nsm.Vpp.Codec;

namespace Nsm.Vpp.Control;

/// <summary><c>want_interface_events</c>: subscribes this connection to <see cref="SwInterfaceEvent"/> (or unsubscribes).</summary>
public sealed class WantInterfaceEvents : IVppMessage<WantInterfaceEvents>
{
    /// <inheritdoc/>
    public static string MessageName => "want_interface_events";

    /// <inheritdoc/>
    public static string MessageCrc => "476f5a08";

    /// <inheritdoc/>
    public static VppMessageKind Kind => VppMessageKind.Request;

    /// <summary>Gets 1 to subscribe, 0 to unsubscribe.</summary>
    public uint EnableDisable { get; init; } = 1;

    /// <summary>Gets a value VPP echoes in every event (conventionally the process id).</summary>
    public uint Pid { get; init; }

    /// <inheritdoc/>
    public void EncodeFields(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.U32(EnableDisable);
        writer.U32(Pid);
    }

    /// <inheritdoc/>
    public static WantInterfaceEvents DecodeFields(ref VppReader reader) =>
        new() { EnableDisable = reader.U32(), Pid = reader.U32() };
}
