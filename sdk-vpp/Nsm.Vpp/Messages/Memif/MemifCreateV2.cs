using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Vpp.Messages.Memif;

/// <summary>Creates a memif interface (<c>memif_create_v2</c>).</summary>
public sealed class MemifCreateV2 : IVppMessage<MemifCreateV2>
{
    /// <inheritdoc/>
    public static string MessageName => "memif_create_v2";

    /// <inheritdoc/>
    public static string MessageCrc => "8c7de5f7";

    /// <inheritdoc/>
    public static VppMessageKind Kind => VppMessageKind.Request;

    /// <summary>Gets or sets the role (master = VPP serves the socket).</summary>
    public MemifRole Role { get; set; }

    /// <summary>Gets or sets the mode.</summary>
    public MemifMode Mode { get; set; }

    /// <summary>Gets or sets rX queues (0 = VPP's default).</summary>
    public byte RxQueues { get; set; }

    /// <summary>Gets or sets tX queues (0 = VPP's default).</summary>
    public byte TxQueues { get; set; }

    /// <summary>Gets or sets the memif id on the socket.</summary>
    public uint Id { get; set; }

    /// <summary>Gets or sets the socket id.</summary>
    public uint SocketId { get; set; }

    /// <summary>Gets or sets the ring size (0 = VPP's default).</summary>
    public uint RingSize { get; set; }

    /// <summary>Gets or sets the buffer size (0 = VPP's default).</summary>
    public ushort BufferSize { get; set; }

    /// <summary>Gets or sets <c>no_zero_copy</c>.</summary>
    public bool NoZeroCopy { get; set; }

    /// <summary>Gets or sets <c>use_dma</c>.</summary>
    public bool UseDma { get; set; }

    /// <summary>Gets or sets the MAC (zero = VPP picks).</summary>
    public MacAddress HwAddr { get; set; }

    /// <summary>Gets or sets the shared secret (at most 23 bytes).</summary>
    public string Secret { get; set; } = "";

    /// <inheritdoc/>
    public void EncodeFields(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.U32((uint)Role);
        writer.U32((uint)Mode);
        writer.U8(RxQueues);
        writer.U8(TxQueues);
        writer.U32(Id);
        writer.U32(SocketId);
        writer.U32(RingSize);
        writer.U16(BufferSize);
        writer.Bool(NoZeroCopy);
        writer.Bool(UseDma);
        HwAddr.Write(writer);
        writer.FixedString(Secret, 24);
    }

    /// <inheritdoc/>
    public static MemifCreateV2 DecodeFields(ref VppReader reader)
    {
        var message = new MemifCreateV2();
        message.Role = (MemifRole)reader.U32();
        message.Mode = (MemifMode)reader.U32();
        message.RxQueues = reader.U8();
        message.TxQueues = reader.U8();
        message.Id = reader.U32();
        message.SocketId = reader.U32();
        message.RingSize = reader.U32();
        message.BufferSize = reader.U16();
        message.NoZeroCopy = reader.Bool();
        message.UseDma = reader.Bool();
        message.HwAddr = MacAddress.Read(ref reader);
        message.Secret = reader.FixedString(24);
        return message;
    }
}
