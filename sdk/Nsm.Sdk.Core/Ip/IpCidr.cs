namespace Nsm.Sdk.Ipam;

/// <summary>
/// The SDK's one CIDR type: an address with its prefix length, as written in an IPContext (<c>10.100.1.2/24</c>).
/// Host bits are kept: the address is the point, the length says how big its subnet is; <see cref="Network"/>
/// is the subnet with host bits cleared. Two parse forms: <see cref="Parse(string)"/>/<see cref="TryParse(ReadOnlySpan{char}, out IpCidr)"/>
/// are strict (configuration, IPAM); <see cref="ParseLenient(string)"/>/<see cref="TryParseLenient(string, out IpCidr)"/>
/// accept what Go's <c>net.ParseCIDR</c> tolerates in connection contexts. The kernel's <c>Nsm.Sdk.Kernel.Netlink.IpPrefix</c>
/// is a separate wire-level type (Nsm.Netlink has no SDK dependency) that parses by the same lenient rules.
/// </summary>
public readonly partial struct IpCidr : IEquatable<IpCidr>, ISpanFormattable
{
    /// <summary>Creates a CIDR.</summary>
    /// <param name="address">The address.</param>
    /// <param name="prefixLength">Prefix length, 0..32 (IPv4) or 0..128 (IPv6).</param>
    /// <exception cref="ArgumentOutOfRangeException">The prefix length is out of range for the family.</exception>
    public IpCidr(IpAddr address, int prefixLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(prefixLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(prefixLength, address.Family.BitLength());
        Address = address;
        PrefixLength = prefixLength;
    }

    /// <summary>The address (host bits kept).</summary>
    public IpAddr Address { get; }

    /// <summary>The prefix length.</summary>
    public int PrefixLength { get; }

    /// <summary>The family of the address.</summary>
    public IpFamily Family => Address.Family;

    /// <summary>The subnet this address is in (host bits cleared).</summary>
    public IpPrefix Network => new(Address, PrefixLength);

    /// <summary>True for <c>/32</c> (IPv4) or <c>/128</c> (IPv6).</summary>
    public bool IsHost => PrefixLength == Address.Family.BitLength();

    /// <summary>Equality.</summary>
    public static bool operator ==(IpCidr left, IpCidr right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(IpCidr left, IpCidr right) => !left.Equals(right);

    /// <summary>Parses <c>address/length</c> strictly (see <see cref="IpAddr.Parse(string)"/> for address rules).</summary>
    /// <param name="value">The text, e.g. <c>10.100.1.2/24</c> or <c>fd00::2/64</c>.</param>
    /// <returns>The CIDR.</returns>
    /// <exception cref="InvalidCidrException">The text is not a valid CIDR; the message names it.</exception>
    public static IpCidr Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!CidrParser.TryParseCidr(value, out var addr, out int len, out var error))
        {
            throw new InvalidCidrException("CIDR", value, error, nameof(value));
        }

        return new IpCidr(addr, len);
    }

    /// <summary>Tries to parse <c>address/length</c> (same rules as <see cref="Parse(string)"/>).</summary>
    /// <param name="value">The text.</param>
    /// <param name="cidr">The CIDR, when successful.</param>
    /// <returns>True when valid.</returns>
    public static bool TryParse(ReadOnlySpan<char> value, out IpCidr cidr) => TryParse(value, out cidr, out _);

    /// <summary>Tries to parse <c>address/length</c> strictly, saying why a value is rejected.</summary>
    /// <param name="value">The text.</param>
    /// <param name="cidr">The CIDR, when successful.</param>
    /// <param name="error">Why the text was rejected (empty when successful).</param>
    /// <returns>True when valid.</returns>
    public static bool TryParse(ReadOnlySpan<char> value, out IpCidr cidr, out string error)
    {
        if (CidrParser.TryParseCidr(value, out var addr, out int len, out error))
        {
            cidr = new IpCidr(addr, len);
            return true;
        }

        cidr = default;
        return false;
    }

    /// <inheritdoc/>
    public bool Equals(IpCidr other) => Address == other.Address && PrefixLength == other.PrefixLength;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is IpCidr other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Address, PrefixLength);

    /// <summary>Formats as <c>address/length</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        Span<char> buffer = stackalloc char[CidrFormatter.MaxAddressChars + 4];
        CidrFormatter.TryFormatCidr(Address, PrefixLength, buffer, out int written);
        return new string(buffer[..written]);
    }

    /// <inheritdoc/>
    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    /// <inheritdoc/>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider) =>
        CidrFormatter.TryFormatCidr(Address, PrefixLength, destination, out charsWritten);
}
