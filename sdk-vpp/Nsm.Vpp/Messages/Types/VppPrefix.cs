using System.Globalization;
using System.Net;
using Nsm.Vpp.Codec;

namespace Nsm.Vpp.Messages.Types;

/// <summary>VPP's <c>prefix</c> (18 bytes; also <c>address_with_prefix</c>): an <see cref="VppAddress"/> and <c>u8 len</c>; host bits are kept.</summary>
public readonly struct VppPrefix : IEquatable<VppPrefix>
{
    /// <summary>The wire size.</summary>
    public const int Size = 18;

    /// <summary>Initializes a prefix; the address keeps its host bits (an interface address).</summary>
    /// <param name="address">The address.</param>
    /// <param name="length">The prefix length.</param>
    /// <exception cref="ArgumentOutOfRangeException">The length exceeds the family's bits.</exception>
    public VppPrefix(VppAddress address, byte length)
    {
        var max = address.Family == VppAddressFamily.Ip6 ? 128 : 32;
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, max);
        Address = address;
        Length = length;
    }

    /// <summary>Gets the address.</summary>
    public VppAddress Address { get; }

    /// <summary>Gets the prefix length.</summary>
    public byte Length { get; }

    /// <summary>Parses <c>address/len</c> (host bits kept) or a bare address (full length).</summary>
    /// <param name="text">E.g. <c>10.77.0.1/24</c>.</param>
    /// <returns>The prefix.</returns>
    public static VppPrefix Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var address = IPAddress.Parse(slash < 0 ? text : text[..slash]);
        var vpp = new VppAddress(address);
        var length = slash < 0 ? (vpp.Family == VppAddressFamily.Ip6 ? 128 : 32) : byte.Parse(text[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture);
        return new(vpp, (byte)length);
    }

    /// <summary>Converts a network (its base address and length).</summary>
    /// <param name="network">The network.</param>
    /// <returns>The prefix.</returns>
    public static VppPrefix FromNetwork(IPNetwork network) => new(new VppAddress(network.BaseAddress), (byte)network.PrefixLength);

    /// <summary>Converts an address with a prefix length, keeping its host bits.</summary>
    /// <param name="address">The address.</param>
    /// <param name="length">The prefix length.</param>
    /// <returns>The prefix.</returns>
    public static VppPrefix FromAddress(IPAddress address, int length) => new(new VppAddress(address), checked((byte)length));

    /// <summary>Converts a network.</summary>
    /// <param name="network">The network.</param>
    public static implicit operator VppPrefix(IPNetwork network) => FromNetwork(network);

    /// <summary>Compares two prefixes.</summary>
    /// <param name="left">One.</param>
    /// <param name="right">The other.</param>
    /// <returns>Whether they are equal.</returns>
    public static bool operator ==(VppPrefix left, VppPrefix right) => left.Equals(right);

    /// <summary>Compares two prefixes.</summary>
    /// <param name="left">One.</param>
    /// <param name="right">The other.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(VppPrefix left, VppPrefix right) => !left.Equals(right);

    /// <summary>Gets the network with host bits cleared.</summary>
    /// <returns>The network.</returns>
    public IPNetwork ToNetwork()
    {
        var bytes = Address.Address.GetAddressBytes();
        for (var bit = Length; bit < bytes.Length * 8; bit++)
        {
            bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        }

        return new IPNetwork(new IPAddress(bytes), Length);
    }

    /// <summary>Writes the address and the length (18 bytes).</summary>
    /// <param name="writer">The body.</param>
    public void Write(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Address.Write(writer);
        writer.U8(Length);
    }

    /// <summary>Reads the address and the length (18 bytes).</summary>
    /// <param name="reader">The body.</param>
    /// <returns>The prefix.</returns>
    /// <exception cref="VppDecodeException">Truncated, an unknown family, or a length beyond the family's bits.</exception>
    public static VppPrefix Read(ref VppReader reader)
    {
        var address = VppAddress.Read(ref reader);
        var length = reader.U8();
        if (length > (address.Family == VppAddressFamily.Ip6 ? 128 : 32))
        {
            throw new VppDecodeException($"prefix length {length} is too long for {address}");
        }

        return new(address, length);
    }

    /// <inheritdoc/>
    public bool Equals(VppPrefix other) => Address.Equals(other.Address) && Length == other.Length;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is VppPrefix other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Address, Length);

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Address}/{Length}");
}
