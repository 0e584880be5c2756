using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Vpp.Messages.AfPacket;

/// <summary>Creates a VPP interface on a Linux interface through AF_PACKET (<c>af_packet_create_v3</c>; VPP names it <c>host-&lt;name&gt;</c>).</summary>
public sealed class AfPacketCreateV3 : IVppMessage<AfPacketCreateV3>
{
    /// <inheritdoc/>
    public static string MessageName => "af_packet_create_v3";

    /// <inheritdoc/>
    public static string MessageCrc => "b3a809d4";

    /// <inheritdoc/>
    public static VppMessageKind Kind => VppMessageKind.Request;

    /// <summary>Gets or sets the mode (default ethernet).</summary>
    public AfPacketMode Mode { get; set; } = AfPacketMode.Ethernet;

    /// <summary>Gets or sets the MAC (ignored with <see cref="UseRandomHwAddr"/>).</summary>
    public MacAddress HwAddr { get; set; }

    /// <summary>Gets or sets whether VPP picks a random MAC.</summary>
    public bool UseRandomHwAddr { get; set; }

    /// <summary>Gets or sets the Linux interface's name, without <c>host-</c>.</summary>
    public string HostIfName { get; set; } = "";

    /// <summary>Gets or sets the RX frame size (0 = VPP's default).</summary>
    public uint RxFrameSize { get; set; }

    /// <summary>Gets or sets the TX frame size (0 = VPP's default).</summary>
    public uint TxFrameSize { get; set; }

    /// <summary>Gets or sets rX frames per block (0 = VPP's default).</summary>
    public uint RxFramesPerBlock { get; set; }

    /// <summary>Gets or sets tX frames per block (0 = VPP's default).</summary>
    public uint TxFramesPerBlock { get; set; }

    /// <summary>Gets or sets the flags.</summary>
    public AfPacketFlags Flags { get; set; }

    /// <summary>Gets or sets the RX queue count (default 1; must be set).</summary>
    public ushort NumRxQueues { get; set; } = 1;

    /// <summary>Gets or sets the TX queue count (default 1; must be set).</summary>
    public ushort NumTxQueues { get; set; } = 1;

    /// <inheritdoc/>
    public void EncodeFields(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.U32((uint)Mode);
        HwAddr.Write(writer);
        writer.Bool(UseRandomHwAddr);
        writer.FixedString(HostIfName, 64);
        writer.U32(RxFrameSize);
        writer.U32(TxFrameSize);
        writer.U32(RxFramesPerBlock);
        writer.U32(TxFramesPerBlock);
        writer.U32((uint)Flags);
        writer.U16(NumRxQueues);
        writer.U16(NumTxQueues);
    }

    /// <inheritdoc/>
    public static AfPacketCreateV3 DecodeFields(ref VppReader reader)
    {
        var message = new AfPacketCreateV3();
        message.Mode = (AfPacketMode)reader.U32();
        message.HwAddr = MacAddress.Read(ref reader);
        message.UseRandomHwAddr = reader.Bool();
        message.HostIfName = reader.FixedString(64);
        message.RxFrameSize = reader.U32();
        message.TxFrameSize = reader.U32();
        message.RxFramesPerBlock = reader.U32();
        message.TxFramesPerBlock = reader.U32();
        message.Flags = (AfPacketFlags)reader.U32();
        message.NumRxQueues = reader.U16();
        message.NumTxQueues = reader.U16();
        return message;
    }
}
