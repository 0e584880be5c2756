using Nsm.Vpp.Codec;

namespace Nsm.Vpp.Messages.Types;

/// <summary>VPP's <c>ip_route</c> (39 bytes + 167 per path).</summary>
public sealed class IpRoute
{
    /// <summary>Gets or sets the VRF.</summary>
    public uint TableId { get; set; }

    /// <summary>Gets or sets the stats index (ignored on input).</summary>
    public uint StatsIndex { get; set; }

    /// <summary>Gets or sets the destination.</summary>
    public VppPrefix Prefix { get; set; }

    /// <summary>Gets or sets the paths (<c>n_paths</c> is written from the count).</summary>
    public IReadOnlyList<FibPath> Paths { get; set; } = [];

    /// <summary>Writes the fields.</summary>
    /// <param name="writer">The body.</param>
    public void Write(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.U32(TableId);
        writer.U32(StatsIndex);
        Prefix.Write(writer);
        writer.U8(Wire.CountU8(Paths.Count, nameof(Paths)));
        foreach (var item in Paths)
        {
            item.Write(writer);
        }
    }

    /// <summary>Reads the fields.</summary>
    /// <param name="reader">The body.</param>
    /// <returns>The value.</returns>
    public static IpRoute Read(ref VppReader reader)
    {
        var value = new IpRoute();
        value.TableId = reader.U32();
        value.StatsIndex = reader.U32();
        value.Prefix = VppPrefix.Read(ref reader);
        var nPaths = reader.U8();
        value.Paths = Wire.ReadList(ref reader, nPaths, 167, FibPath.Read);
        return value;
    }
}
