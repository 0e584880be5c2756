using Nsm.Vpp.Codec;

namespace Nsm.Vpp.Control;

/// <summary><c>control_ping</c>: a cheap liveness check, and the end marker sent after every dump (same context).</summary>
public sealed class ControlPing : IVppMessage<ControlPing>
{
    /// <inheritdoc/>
    public static string MessageName => "control_ping";

    /// <inheritdoc/>
    public static string MessageCrc => "51077d14";

    /// <inheritdoc/>
    public static VppMessageKind Kind => VppMessageKind.Request;

    /// <inheritdoc/>
    public void EncodeFields(VppWriter writer) => ArgumentNullException.ThrowIfNull(writer);

    /// <inheritdoc/>
    public static ControlPing DecodeFields(ref VppReader reader) => new();
}
