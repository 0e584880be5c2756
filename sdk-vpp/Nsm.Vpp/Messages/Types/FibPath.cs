using System.Net;
using Nsm.Vpp.Codec;

namespace Nsm.Vpp.Messages.Types;

/// <summary>VPP's <c>fib_path</c> (167 bytes): interface, table, weight, type, flags, next hop (a bare address union whose family is <see cref="Proto"/>) and a 16-entry label stack.</summary>
public sealed class FibPath
{
    /// <summary>The wire size.</summary>
    public const int Size = 167;

    /// <summary>The number of <see cref="FibMplsLabel"/> entries always on the wire.</summary>
    public const int LabelStackSize = 16;

    /// <summary>Gets or sets the outgoing interface (<c>~0</c> = resolve through the next hop).</summary>
    public uint SwIfIndex { get; set; } = uint.MaxValue;

    /// <summary>Gets or sets <c>table_id</c>.</summary>
    public uint TableId { get; set; }

    /// <summary>Gets or sets <c>rpf_id</c>.</summary>
    public uint RpfId { get; set; }

    /// <summary>Gets or sets the weight (default 1; a weight of 0 makes the path unusable).</summary>
    public byte Weight { get; set; } = 1;

    /// <summary>Gets or sets <c>preference</c>.</summary>
    public byte Preference { get; set; }

    /// <summary>Gets or sets the path type.</summary>
    public FibPathType Type { get; set; }

    /// <summary>Gets or sets the path flags.</summary>
    public FibPathFlags Flags { get; set; }

    /// <summary>Gets or sets the next hop's protocol; it also says which member of the next-hop union is meant.</summary>
    public FibPathNhProto Proto { get; set; }

    /// <summary>Gets or sets the next hop (<c>nh.address</c>); 0.0.0.0 or :: for none.</summary>
    public IPAddress NextHop { get; set; } = IPAddress.Any;

    /// <summary>Gets or sets <c>nh.via_label</c>.</summary>
    public uint ViaLabel { get; set; }

    /// <summary>Gets or sets <c>nh.obj_id</c>.</summary>
    public uint ObjId { get; set; }

    /// <summary>Gets or sets <c>nh.classify_table_index</c>.</summary>
    public uint ClassifyTableIndex { get; set; }

    /// <summary>Gets or sets the labels in use (at most 16; <c>n_labels</c> is written from the count and the rest of the stack zero-filled).</summary>
    public IReadOnlyList<FibMplsLabel> LabelStack { get; set; } = [];

    /// <summary>Creates a path to a next hop, its <see cref="Proto"/> from the address's family.</summary>
    /// <param name="nextHop">The next hop.</param>
    /// <param name="swIfIndex">The outgoing interface, or <c>~0</c>.</param>
    /// <returns>The path, weight 1.</returns>
    public static FibPath Via(IPAddress nextHop, uint swIfIndex = uint.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(nextHop);
        return new FibPath
        {
            SwIfIndex = swIfIndex,
            NextHop = nextHop,
            Proto = nextHop.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? FibPathNhProto.Ip6 : FibPathNhProto.Ip4,
        };
    }

    /// <summary>Writes the 167 bytes.</summary>
    /// <param name="writer">The body.</param>
    /// <exception cref="InvalidOperationException">More than 16 labels.</exception>
    public void Write(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (LabelStack.Count > LabelStackSize)
        {
            throw new InvalidOperationException($"a fib_path holds at most {LabelStackSize} labels, not {LabelStack.Count}");
        }

        writer.U32(SwIfIndex);
        writer.U32(TableId);
        writer.U32(RpfId);
        writer.U8(Weight);
        writer.U8(Preference);
        writer.U32((uint)Type);
        writer.U32((uint)Flags);
        writer.U32((uint)Proto);
        VppAddress.WriteUnion(writer, NextHop);
        writer.U32(ViaLabel);
        writer.U32(ObjId);
        writer.U32(ClassifyTableIndex);
        writer.U8((byte)LabelStack.Count);
        foreach (var label in LabelStack)
        {
            label.Write(writer);
        }

        writer.Bytes([], (LabelStackSize - LabelStack.Count) * FibMplsLabel.Size);
    }

    /// <summary>Reads the 167 bytes.</summary>
    /// <param name="reader">The body.</param>
    /// <returns>The path.</returns>
    /// <exception cref="VppDecodeException">Truncated, or <c>n_labels</c> above 16.</exception>
    public static FibPath Read(ref VppReader reader)
    {
        var path = new FibPath
        {
            SwIfIndex = reader.U32(),
            TableId = reader.U32(),
            RpfId = reader.U32(),
            Weight = reader.U8(),
            Preference = reader.U8(),
            Type = (FibPathType)reader.U32(),
            Flags = (FibPathFlags)reader.U32(),
            Proto = (FibPathNhProto)reader.U32(),
        };
        path.NextHop = VppAddress.ReadUnion(ref reader, path.Proto == FibPathNhProto.Ip6 ? VppAddressFamily.Ip6 : VppAddressFamily.Ip4).Address;
        path.ViaLabel = reader.U32();
        path.ObjId = reader.U32();
        path.ClassifyTableIndex = reader.U32();
        var count = reader.U8();
        if (count > LabelStackSize)
        {
            throw new VppDecodeException($"a fib_path's n_labels is {count}, above {LabelStackSize}");
        }

        var labels = new FibMplsLabel[LabelStackSize];
        for (var i = 0; i < LabelStackSize; i++)
        {
            labels[i] = FibMplsLabel.Read(ref reader);
        }

        path.LabelStack = labels[..count];
        return path;
    }
}
