using Nsm.Vpp.Codec;

namespace Nsm.Vpp.Control;

/// <summary><c>sw_interface_event</c>: an interface changed state or was deleted (no context; sent after <see cref="WantInterfaceEvents"/>).</summary>
public sealed class SwInterfaceEvent : IVppMessage<SwInterfaceEvent>
{
    /// <summary>The <c>if_status_flags</c> bit for administratively up.</summary>
    public const uint AdminUp = 1;

    /// <summary>The <c>if_status_flags</c> bit for link up.</summary>
    public const uint LinkUp = 2;

    /// <inheritdoc/>
    public static string MessageName => "sw_interface_event";

    /// <inheritdoc/>
    public static string MessageCrc => "2d3d95a7";

    /// <inheritdoc/>
    public static VppMessageKind Kind => VppMessageKind.Event;

    /// <summary>Gets the pid the subscription gave, echoed.</summary>
    public uint Pid { get; init; }

    /// <summary>Gets the interface's index.</summary>
    public uint SwIfIndex { get; init; }

    /// <summary>Gets the <c>if_status_flags</c> (u32): <see cref="AdminUp"/>, <see cref="LinkUp"/>.</summary>
    public uint Flags { get; init; }

    /// <summary>Gets a value indicating whether the interface was deleted.</summary>
    public bool Deleted { get; init; }

    /// <inheritdoc/>
    public void EncodeFields(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.U32(Pid);
        writer.U32(SwIfIndex);
        writer.U32(Flags);
        writer.Bool(Deleted);
    }

    /// <inheritdoc/>
    public static SwInterfaceEvent DecodeFields(ref VppReader reader) =>
        new() { Pid = reader.U32(), SwIfIndex = reader.U32(), Flags = reader.U32(), Deleted = reader.Bool() };
}
