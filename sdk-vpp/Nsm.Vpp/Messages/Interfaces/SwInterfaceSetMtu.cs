using Nsm.Vpp.Codec;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Vpp.Messages.Interfaces;

/// <summary>Sets an interface's MTUs (<c>sw_interface_set_mtu</c>).</summary>
public sealed class SwInterfaceSetMtu : IVppMessage<SwInterfaceSetMtu>
{
    /// <inheritdoc/>
    public static string MessageName => "sw_interface_set_mtu";

    /// <inheritdoc/>
    public static string MessageCrc => "5cbe85e5";

    /// <inheritdoc/>
    public static VppMessageKind Kind => VppMessageKind.Request;

    /// <summary>Gets or sets the interface.</summary>
    public uint SwIfIndex { get; set; }

    /// <summary>Gets or sets the four MTUs indexed by <see cref="MtuProto"/> (L3, IP4, IP6, MPLS); 0 follows L3.</summary>
    public IReadOnlyList<uint> Mtu { get; set; } = new uint[4];

    /// <inheritdoc/>
    public void EncodeFields(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.U32(SwIfIndex);
        if (Mtu.Count != 4)
        {
            throw new InvalidOperationException($"Mtu holds {Mtu.Count} values, not 4");
        }

        foreach (var item in Mtu)
        {
            writer.U32(item);
        }
    }

    /// <inheritdoc/>
    public static SwInterfaceSetMtu DecodeFields(ref VppReader reader)
    {
        var message = new SwInterfaceSetMtu();
        message.SwIfIndex = reader.U32();
        var mtu = new uint[4];
        for (var i = 0; i < 4; i++)
        {
            mtu[i] = reader.U32();
        }

        message.Mtu = mtu;
        return message;
    }
}
