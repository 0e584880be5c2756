namespace Nsm.Sdk.Ipam;

/// <summary>
/// The SDK's one CIDR type: an address with its prefix length, as written in an IPContext (<c>10.100.1.2/24</c>).
/// Host bits are kept: the address is the point, the length says how big its subnet is. The same type names a
/// network (<c>10.100.1.0/24</c>, the form IPAM prefixes and pools take): <see cref="Network"/> is the CIDR with host
/// bits cleared, and <see cref="First"/>, <see cref="Last"/>, <see cref="Range"/>, <see cref="AddressCount"/>,
/// <see cref="Contains(IpAddr)"/>, <see cref="Contains(IpCidr)"/> and <see cref="Overlaps(IpCidr)"/> are about that subnet
/// whatever the host bits. Two parse forms: <see cref="Parse(string)"/>/<see cref="TryParse(ReadOnlySpan{char}, out IpCidr)"/>
/// are strict (configuration, IPAM); <see cref="ParseLenient(string)"/>/<see cref="TryParseLenient(string, out IpCidr)"/>
/// accept what Go's <c>net.ParseCIDR</c> tolerates in connection contexts. The kernel's <c>Nsm.Sdk.Kernel.Netlink.NetlinkPrefix</c>
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

    /// <summary>The subnet this address is in, as a CIDR with host bits cleared (<c>10.100.1.0/24</c> for <c>10.100.1.2/24</c>).</summary>
    public IpCidr Network => new(NetworkAddress, PrefixLength);

    /// <summary>The network address: <see cref="Address"/> with host bits cleared.</summary>
    public IpAddr NetworkAddress => new(Family, Address.Value & ~HostMask & Family.MaxValue());

    /// <summary>True when no host bit is set, i.e. this CIDR names a network (<c>10.100.1.0/24</c>).</summary>
    public bool IsNetwork => (Address.Value & HostMask) == UInt128.Zero;

    /// <summary>True for <c>/32</c> (IPv4) or <c>/128</c> (IPv6).</summary>
    public bool IsHost => PrefixLength == Address.Family.BitLength();

    /// <summary>The first address of the subnet (the network address).</summary>
    public IpAddr First => NetworkAddress;

    /// <summary>The last address of the subnet (the IPv4 broadcast address for lengths up to 30).</summary>
    public IpAddr Last => new(Family, NetworkAddress.Value | HostMask);

    /// <summary>The subnet's addresses as a numeric range.</summary>
    public IpRange Range => new(NetworkAddress.Value, NetworkAddress.Value | HostMask);

    /// <summary>Number of addresses in the subnet; saturates at <see cref="UInt128.MaxValue"/> for <c>::/0</c>.</summary>
    public UInt128 AddressCount => HostMask == UInt128.MaxValue ? UInt128.MaxValue : HostMask + UInt128.One;

    private UInt128 HostMask => Family.HostMask(PrefixLength);

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

    /// <summary>True when <paramref name="address"/> is in this CIDR's subnet (same family, same leading bits).</summary>
    /// <param name="address">The address.</param>
    /// <returns>True when contained.</returns>
    public bool Contains(IpAddr address) => address.Family == Family && (address.Value & ~HostMask) == NetworkAddress.Value;

    /// <summary>True when the subnet of <paramref name="other"/> lies entirely inside this CIDR's subnet.</summary>
    /// <param name="other">The other CIDR.</param>
    /// <returns>True when contained.</returns>
    public bool Contains(IpCidr other) => other.Family == Family && other.PrefixLength >= PrefixLength && Contains(other.Address);

    /// <summary>True when the two subnets share at least one address.</summary>
    /// <param name="other">The other CIDR.</param>
    /// <returns>True when overlapping.</returns>
    public bool Overlaps(IpCidr other) => Contains(other) || other.Contains(this);

    /// <summary>
    /// Equality of address and length: <c>10.100.1.2/24</c> and <c>10.100.1.0/24</c> differ; compare
    /// <see cref="Network"/>s for the same subnet.
    /// </summary>
    /// <param name="other">The other CIDR.</param>
    /// <returns>True when equal.</returns>
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
