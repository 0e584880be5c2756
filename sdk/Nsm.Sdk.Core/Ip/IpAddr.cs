using System.Net;

namespace Nsm.Sdk.Ipam;

/// <summary>
/// An IPv4 or IPv6 address as a number (<see cref="UInt128"/>) plus its family, so v4 and v6 share all arithmetic.
/// An allocation-free alternative to <see cref="IPAddress"/> for IPAM hot paths.
/// </summary>
public readonly struct IpAddr : IEquatable<IpAddr>, IComparable<IpAddr>, ISpanFormattable
{
    /// <summary>Creates an address from its numeric value.</summary>
    /// <param name="family">The address family.</param>
    /// <param name="value">The numeric value; at most <see cref="uint.MaxValue"/> for IPv4.</param>
    /// <exception cref="ArgumentOutOfRangeException">An IPv4 value does not fit in 32 bits.</exception>
    public IpAddr(IpFamily family, UInt128 value)
    {
        if (family == IpFamily.IPv4 && value > uint.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(value), "An IPv4 address value must fit in 32 bits.");
        }

        Family = family;
        Value = value;
    }

    /// <summary>The address family.</summary>
    public IpFamily Family { get; }

    /// <summary>The address as a number (big-endian interpretation of its bytes).</summary>
    public UInt128 Value { get; }

    /// <summary>True for IPv4.</summary>
    public bool IsIPv4 => Family == IpFamily.IPv4;

    /// <summary>True for IPv6.</summary>
    public bool IsIPv6 => Family == IpFamily.IPv6;

    /// <summary>Compares by family (IPv4 first), then numerically.</summary>
    public static bool operator ==(IpAddr left, IpAddr right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(IpAddr left, IpAddr right) => !left.Equals(right);

    /// <summary>Ordering: family (IPv4 first), then numeric value.</summary>
    public static bool operator <(IpAddr left, IpAddr right) => left.CompareTo(right) < 0;

    /// <summary>Ordering: family (IPv4 first), then numeric value.</summary>
    public static bool operator >(IpAddr left, IpAddr right) => left.CompareTo(right) > 0;

    /// <summary>Ordering: family (IPv4 first), then numeric value.</summary>
    public static bool operator <=(IpAddr left, IpAddr right) => left.CompareTo(right) <= 0;

    /// <summary>Ordering: family (IPv4 first), then numeric value.</summary>
    public static bool operator >=(IpAddr left, IpAddr right) => left.CompareTo(right) >= 0;

    /// <summary>Parses an IPv4 (strict dotted decimal, no leading zeros) or IPv6 (no zone, no brackets) address.</summary>
    /// <param name="value">The text.</param>
    /// <returns>The address.</returns>
    /// <exception cref="InvalidCidrException">The text is not a valid address.</exception>
    public static IpAddr Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!CidrParser.TryParseAddress(value, out var addr, out var error))
        {
            throw new InvalidCidrException("IP address", value, error, nameof(value));
        }

        return addr;
    }

    /// <summary>Tries to parse an address (same rules as <see cref="Parse(string)"/>).</summary>
    /// <param name="value">The text.</param>
    /// <param name="address">The address, when successful.</param>
    /// <returns>True when the text is a valid address.</returns>
    public static bool TryParse(ReadOnlySpan<char> value, out IpAddr address) => CidrParser.TryParseAddress(value, out address, out _);

    /// <summary>Converts from <see cref="IPAddress"/>.</summary>
    /// <param name="address">An IPv4 or IPv6 address; a scope id is not allowed.</param>
    /// <returns>The address.</returns>
    public static IpAddr FromIPAddress(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out int written))
        {
            throw new ArgumentException("Unsupported address.", nameof(address));
        }

        return written == 4
            ? new IpAddr(IpFamily.IPv4, System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes))
            : new IpAddr(IpFamily.IPv6, System.Buffers.Binary.BinaryPrimitives.ReadUInt128BigEndian(bytes));
    }

    /// <summary>Converts to <see cref="IPAddress"/> (allocates).</summary>
    /// <returns>The address.</returns>
    public IPAddress ToIPAddress()
    {
        Span<byte> bytes = stackalloc byte[16];
        if (IsIPv4)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)Value);
            return new IPAddress(bytes[..4]);
        }

        System.Buffers.Binary.BinaryPrimitives.WriteUInt128BigEndian(bytes, Value);
        return new IPAddress(bytes);
    }

    /// <summary>The next address, or false when this is the last address of the family.</summary>
    /// <param name="next">The next address.</param>
    /// <returns>False on overflow.</returns>
    public bool TryIncrement(out IpAddr next)
    {
        if (Value == Family.MaxValue())
        {
            next = default;
            return false;
        }

        next = new IpAddr(Family, Value + UInt128.One);
        return true;
    }

    /// <summary>Formats as this address with a prefix length, e.g. <c>10.100.1.2/24</c>.</summary>
    /// <param name="prefixLength">The prefix length.</param>
    /// <returns>The CIDR.</returns>
    public IpCidr WithPrefixLength(int prefixLength) => new(this, prefixLength);

    /// <summary>This address as a host CIDR (<c>/32</c> or <c>/128</c>).</summary>
    /// <returns>The host CIDR.</returns>
    public IpCidr ToHostCidr() => new(this, Family.BitLength());

    /// <inheritdoc/>
    public bool Equals(IpAddr other) => Family == other.Family && Value == other.Value;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is IpAddr other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Family, Value);

    /// <inheritdoc/>
    public int CompareTo(IpAddr other)
    {
        int c = Family.CompareTo(other.Family);
        return c != 0 ? c : Value.CompareTo(other.Value);
    }

    /// <summary>Formats as dotted decimal (IPv4) or RFC 5952 text (IPv6).</summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        Span<char> buffer = stackalloc char[CidrFormatter.MaxAddressChars];
        CidrFormatter.TryFormatAddress(this, buffer, out int written);
        return new string(buffer[..written]);
    }

    /// <inheritdoc/>
    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    /// <inheritdoc/>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider) =>
        CidrFormatter.TryFormatAddress(this, destination, out charsWritten);
}
