using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Vpp.Messages.Memif;

/// <summary>A memif interface (<c>memif_details</c>).</summary>
public sealed class MemifDetails : IVppMessage<MemifDetails>
{
    /// <inheritdoc/>
    public static string MessageName => "memif_details";

    /// <inheritdoc/>
    public static string MessageCrc => "da34feb9";

    /// <inheritdoc/>
    public static VppMessageKind Kind => VppMessageKind.Reply;

    /// <summary>Gets or sets the interface.</summary>
    public uint SwIfIndex { get; set; }

    /// <summary>Gets or sets the MAC.</summary>
    public MacAddress HwAddr { get; set; }

    /// <summary>Gets or sets the memif id.</summary>
    public uint Id { get; set; }

    /// <summary>Gets or sets the role.</summary>
    public MemifRole Role { get; set; }

    /// <summary>Gets or sets the mode.</summary>
    public MemifMode Mode { get; set; }

    /// <summary>Gets or sets <c>zero_copy</c>.</summary>
    public bool ZeroCopy { get; set; }

    /// <summary>Gets or sets the socket id.</summary>
    public uint SocketId { get; set; }

    /// <summary>Gets or sets the run-time ring size.</summary>
    public uint RingSize { get; set; }

    /// <summary>Gets or sets <c>buffer_size</c>.</summary>
    public ushort BufferSize { get; set; }

    /// <summary>Gets or sets the status flags.</summary>
    public IfStatusFlags Flags { get; set; }

    /// <summary>Gets or sets the interface name.</summary>
    public string IfName { get; set; } = "";

    /// <inheritdoc/>
    public void EncodeFields(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.U32(SwIfIndex);
        HwAddr.Write(writer);
        writer.U32(Id);
        writer.U32((uint)Role);
        writer.U32((uint)Mode);
        writer.Bool(ZeroCopy);
        writer.U32(SocketId);
        writer.U32(RingSize);
        writer.U16(BufferSize);
        writer.U32((uint)Flags);
        writer.FixedString(IfName, 64);
    }

    /// <inheritdoc/>
    public static MemifDetails DecodeFields(ref VppReader reader)
    {
        var message = new MemifDetails();
        message.SwIfIndex = reader.U32();
        message.HwAddr = MacAddress.Read(ref reader);
        message.Id = reader.U32();
        message.Role = (MemifRole)reader.U32();
        message.Mode = (MemifMode)reader.U32();
        message.ZeroCopy = reader.Bool();
        message.SocketId = reader.U32();
        message.RingSize = reader.U32();
        message.BufferSize = reader.U16();
        message.Flags = (IfStatusFlags)reader.U32();
        message.IfName = reader.FixedString(64);
        return message;
    }
}
