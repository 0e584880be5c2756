using System.Globalization;
using Nsm.Vpp.Codec;

namespace Nsm.Vpp.Messages.Types;

/// <summary>VPP's <c>mac_address</c>: 6 raw bytes in wire order.</summary>
public readonly struct MacAddress : IEquatable<MacAddress>
{
    /// <summary>The wire size.</summary>
    public const int Size = 6;

    private readonly ulong _value;

    /// <summary>Initializes a MAC from its 6 bytes.</summary>
    /// <param name="bytes">The bytes, e.g. <c>02 fe 00 00 00 07</c>.</param>
    /// <exception cref="ArgumentException">Not 6 bytes.</exception>
    public MacAddress(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
        {
            throw new ArgumentException($"a MAC address is 6 bytes, not {bytes.Length}", nameof(bytes));
        }

        ulong value = 0;
        foreach (var b in bytes)
        {
            value = (value << 8) | b;
        }

        _value = value;
    }

    /// <summary>Gets whether every byte is zero (VPP's "none": e.g. let VPP choose).</summary>
    public bool IsZero => _value == 0;

    /// <summary>Parses <c>02:fe:00:00:00:07</c> (also with <c>-</c> separators).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The MAC.</returns>
    /// <exception cref="FormatException">Not six hex bytes.</exception>
    public static MacAddress Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split(':', '-');
        if (parts.Length != Size)
        {
            throw new FormatException($"'{text}' is not a MAC address");
        }

        var bytes = new byte[Size];
        for (var i = 0; i < Size; i++)
        {
            bytes[i] = byte.Parse(parts[i], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        }

        return new(bytes);
    }

    /// <summary>Compares two MACs.</summary>
    /// <param name="left">One.</param>
    /// <param name="right">The other.</param>
    /// <returns>Whether they are equal.</returns>
    public static bool operator ==(MacAddress left, MacAddress right) => left.Equals(right);

    /// <summary>Compares two MACs.</summary>
    /// <param name="left">One.</param>
    /// <param name="right">The other.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(MacAddress left, MacAddress right) => !left.Equals(right);

    /// <summary>Gets the 6 bytes.</summary>
    /// <returns>A copy.</returns>
    public byte[] ToArray()
    {
        var bytes = new byte[Size];
        for (var i = 0; i < Size; i++)
        {
            bytes[i] = (byte)(_value >> (8 * (Size - 1 - i)));
        }

        return bytes;
    }

    /// <summary>Writes the 6 bytes.</summary>
    /// <param name="writer">The body.</param>
    public void Write(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Bytes(ToArray(), Size);
    }

    /// <summary>Reads 6 bytes.</summary>
    /// <param name="reader">The body.</param>
    /// <returns>The MAC.</returns>
    public static MacAddress Read(ref VppReader reader) => new(reader.Bytes(Size));

    /// <inheritdoc/>
    public bool Equals(MacAddress other) => _value == other._value;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is MacAddress other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _value.GetHashCode();

    /// <inheritdoc/>
    public override string ToString() => string.Join(':', ToArray().Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
}
