using Sockets = System.Net.Sockets;
using System.Net;
using Nsm.Vpp.Codec;

namespace Nsm.Vpp.Messages.Types;

/// <summary>VPP's <c>address</c> (17 bytes): <c>u8 af</c> then a 16-byte union, IPv4 in its first 4 bytes and zeros after.</summary>
public readonly struct VppAddress : IEquatable<VppAddress>
{
    /// <summary>The wire size.</summary>
    public const int Size = 17;

    /// <summary>The size of the bare union (<c>address_union</c>).</summary>
    public const int UnionSize = 16;

    private readonly IPAddress? _address;

    /// <summary>Initializes an address from an IPv4 or IPv6 <see cref="IPAddress"/>.</summary>
    /// <param name="address">The address.</param>
    /// <exception cref="ArgumentException">Not IPv4 or IPv6.</exception>
    public VppAddress(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily is not (Sockets.AddressFamily.InterNetwork or Sockets.AddressFamily.InterNetworkV6))
        {
            throw new ArgumentException($"{address} is neither IPv4 nor IPv6", nameof(address));
        }

        _address = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
    }

    /// <summary>Gets the family (the <c>af</c> byte).</summary>
    public VppAddressFamily Family => Address.AddressFamily == Sockets.AddressFamily.InterNetworkV6 ? VppAddressFamily.Ip6 : VppAddressFamily.Ip4;

    /// <summary>Gets the address (0.0.0.0 for the default value).</summary>
    public IPAddress Address => _address ?? IPAddress.Any;

    /// <summary>Parses a textual IPv4 or IPv6 address.</summary>
    /// <param name="text">E.g. <c>10.77.0.1</c>.</param>
    /// <returns>The address.</returns>
    public static VppAddress Parse(string text) => new(IPAddress.Parse(text));

    /// <summary>Converts an <see cref="IPAddress"/>.</summary>
    /// <param name="address">The address.</param>
    public static implicit operator VppAddress(IPAddress address) => new(address);

    /// <summary>Compares two addresses.</summary>
    /// <param name="left">One.</param>
    /// <param name="right">The other.</param>
    /// <returns>Whether they are equal.</returns>
    public static bool operator ==(VppAddress left, VppAddress right) => left.Equals(right);

    /// <summary>Compares two addresses.</summary>
    /// <param name="left">One.</param>
    /// <param name="right">The other.</param>
    /// <returns>Whether they differ.</returns>
    public static bool operator !=(VppAddress left, VppAddress right) => !left.Equals(right);

    /// <summary>Converts an <see cref="IPAddress"/>.</summary>
    /// <param name="address">The address.</param>
    /// <returns>The VPP address.</returns>
    public static VppAddress FromIPAddress(IPAddress address) => new(address);

    /// <summary>Writes <c>af</c> and the union (17 bytes).</summary>
    /// <param name="writer">The body.</param>
    public void Write(VppWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.U8((byte)Family);
        WriteUnion(writer, Address);
    }

    /// <summary>Reads <c>af</c> and the union (17 bytes).</summary>
    /// <param name="reader">The body.</param>
    /// <returns>The address.</returns>
    /// <exception cref="VppDecodeException">Truncated, or an unknown family.</exception>
    public static VppAddress Read(ref VppReader reader)
    {
        var af = reader.U8();
        if (af > (byte)VppAddressFamily.Ip6)
        {
            throw new VppDecodeException($"address family {af} is neither 0 (IPv4) nor 1 (IPv6)");
        }

        return ReadUnion(ref reader, (VppAddressFamily)af);
    }

    /// <summary>Writes the bare 16-byte union (<c>address_union</c>, e.g. <c>fib_path.nh.address</c>): IPv4 in the first 4 bytes.</summary>
    /// <param name="writer">The body.</param>
    /// <param name="address">The address.</param>
    public static void WriteUnion(VppWriter writer, IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(address);
        writer.Bytes(address.GetAddressBytes(), UnionSize);
    }

    /// <summary>Reads the bare 16-byte union, its family given by the caller.</summary>
    /// <param name="reader">The body.</param>
    /// <param name="family">Which member of the union is meant.</param>
    /// <returns>The address.</returns>
    public static VppAddress ReadUnion(ref VppReader reader, VppAddressFamily family)
    {
        var bytes = reader.Bytes(UnionSize);
        return new(family == VppAddressFamily.Ip6 ? new IPAddress(bytes) : new IPAddress(bytes.AsSpan(0, 4)));
    }

    /// <inheritdoc/>
    public bool Equals(VppAddress other) => Address.Equals(other.Address);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is VppAddress other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => Address.GetHashCode();

    /// <inheritdoc/>
    public override string ToString() => Address.ToString();
}
