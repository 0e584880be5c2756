using Nsm.Vpp.Codec;

namespace Nsm.Vpp.Messages.Types;

/// <summary>VPP's <c>fib_mpls_label</c> (7 bytes), an entry of <see cref="FibPath.LabelStack"/>.</summary>
public sealed class FibMplsLabel
{
    /// <summary>The wire size.</summary>
    public const int Size = 7;

    /// <summary>Gets or sets <c>is_uniform</c>.</summary>
    public byte IsUniform { get; set; }

    /// <summary>Gets or sets <c>label</c>.</summary>
    public uint Label { get; set; }

    /// <summary>Gets or sets <c>ttl</c>.</summary>
    public byte Ttl { get; set; }

    /// <summary>Gets or sets <c>exp</c>.</summary>
    public byte Exp { get; set; }

    /// <summary>Writes the fields.</summary>
    /// <param name="writer">The body.</param>
    public void Write(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.U8(IsUniform);
        writer.U32(Label);
        writer.U8(Ttl);
        writer.U8(Exp);
    }

    /// <summary>Reads the fields.</summary>
    /// <param name="reader">The body.</param>
    /// <returns>The value.</returns>
    public static FibMplsLabel Read(ref VppReader reader)
    {
        var value = new FibMplsLabel();
        value.IsUniform = reader.U8();
        value.Label = reader.U32();
        value.Ttl = reader.U8();
        value.Exp = reader.U8();
        return value;
    }
}
