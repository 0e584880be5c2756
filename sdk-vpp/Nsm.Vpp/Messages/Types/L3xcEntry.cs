using Nsm.Vpp.Codec;

namespace Nsm.Vpp.Messages.Types;

/// <summary>VPP's <c>l3xc</c> (the l3xc plugin): an input interface and the paths its IP packets of one family go to (6 bytes + 167 per path).</summary>
public sealed class L3xcEntry
{
    /// <summary>Gets or sets the input interface.</summary>
    public uint SwIfIndex { get; set; }

    /// <summary>Gets or sets whether this is the IPv6 cross-connect (else IPv4).</summary>
    public bool IsIp6 { get; set; }

    /// <summary>Gets or sets the paths (<c>n_paths</c> is written from the count).</summary>
    public IReadOnlyList<FibPath> Paths { get; set; } = [];

    /// <summary>Writes the fields.</summary>
    /// <param name="writer">The body.</param>
    public void Write(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.U32(SwIfIndex);
        writer.Bool(IsIp6);
        writer.U8(Wire.CountU8(Paths.Count, nameof(Paths)));
        foreach (var item in Paths)
        {
            item.Write(writer);
        }
    }

    /// <summary>Reads the fields.</summary>
    /// <param name="reader">The body.</param>
    /// <returns>The value.</returns>
    public static L3xcEntry Read(ref VppReader reader)
    {
        var value = new L3xcEntry();
        value.SwIfIndex = reader.U32();
        value.IsIp6 = reader.Bool();
        var nPaths = reader.U8();
        value.Paths = Wire.ReadList(ref reader, nPaths, 167, FibPath.Read);
        return value;
    }
}
