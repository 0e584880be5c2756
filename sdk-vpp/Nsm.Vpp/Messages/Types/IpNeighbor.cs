using Nsm.Vpp.Codec;

namespace Nsm.Vpp.Messages.Types;

/// <summary>VPP's <c>ip_neighbor</c>: an interface, flags, a MAC and an IP address.</summary>
public sealed class IpNeighbor
{
    /// <summary>The wire size.</summary>
    public const int Size = 28;

    /// <summary>Gets or sets the interface.</summary>
    public uint SwIfIndex { get; set; }

    /// <summary>Gets or sets the flags (u8).</summary>
    public IpNeighborFlags Flags { get; set; }

    /// <summary>Gets or sets the neighbour's MAC.</summary>
    public MacAddress MacAddress { get; set; }

    /// <summary>Gets or sets the neighbour's IP address.</summary>
    public VppAddress IpAddress { get; set; }

    /// <summary>Writes the fields.</summary>
    /// <param name="writer">The body.</param>
    public void Write(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.U32(SwIfIndex);
        writer.U8((byte)Flags);
        MacAddress.Write(writer);
        IpAddress.Write(writer);
    }

    /// <summary>Reads the fields.</summary>
    /// <param name="reader">The body.</param>
    /// <returns>The value.</returns>
    public static IpNeighbor Read(ref VppReader reader)
    {
        var value = new IpNeighbor();
        value.SwIfIndex = reader.U32();
        value.Flags = (IpNeighborFlags)reader.U8();
        value.MacAddress = MacAddress.Read(ref reader);
        value.IpAddress = VppAddress.Read(ref reader);
        return value;
    }
}
