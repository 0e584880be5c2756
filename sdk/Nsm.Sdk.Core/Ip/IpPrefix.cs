namespace Nsm.Sdk.Ipam;

/// <summary>
/// A network prefix (<c>10.100.1.0/24</c>): the network address with host bits cleared, plus its length.
/// Constructing or parsing with host bits set clears them, as Go's <c>net.ParseCIDR</c> does for the network.
/// </summary>
public readonly struct IpPrefix : IEquatable<IpPrefix>, ISpanFormattable
{
    /// <summary>Creates a prefix, clearing host bits of <paramref name="address"/>.</summary>
    /// <param name="address">Any address inside the prefix.</param>
    /// <param name="length">Prefix length, 0..32 (IPv4) or 0..128 (IPv6).</param>
    /// <exception cref="ArgumentOutOfRangeException">The length is out of range for the family.</exception>
    public IpPrefix(IpAddr address, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, address.Family.BitLength());
        Network = new IpAddr(address.Family, address.Value & ~address.Family.HostMask(length) & address.Family.MaxValue());
        Length = length;
    }

    /// <summary>The network (first) address.</summary>
    public IpAddr Network { get; }

    /// <summary>The prefix length.</summary>
    public int Length { get; }

    /// <summary>The address family.</summary>
    public IpFamily Family => Network.Family;

    /// <summary>The first address (the network address).</summary>
    public IpAddr First => Network;

    /// <summary>The last address (the IPv4 broadcast address for lengths up to 30).</summary>
    public IpAddr Last => new(Family, Network.Value | Family.HostMask(Length));

    /// <summary>The addresses as a numeric range.</summary>
    public IpRange Range => new(Network.Value, Network.Value | Family.HostMask(Length));

    /// <summary>Number of addresses; saturates at <see cref="UInt128.MaxValue"/> for <c>::/0</c>.</summary>
    public UInt128 AddressCount
    {
        get
        {
            var mask = Family.HostMask(Length);
            return mask == UInt128.MaxValue ? mask : mask + UInt128.One;
        }
    }

    /// <summary>Equality.</summary>
    public static bool operator ==(IpPrefix left, IpPrefix right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(IpPrefix left, IpPrefix right) => !left.Equals(right);

    /// <summary>Parses a CIDR strictly and returns its network (host bits cleared).</summary>
    /// <param name="value">The text, e.g. <c>10.100.1.0/24</c>.</param>
    /// <returns>The prefix.</returns>
    /// <exception cref="InvalidCidrException">The text is not a valid CIDR; the message names it.</exception>
    public static IpPrefix Parse(string value) => IpCidr.Parse(value).Network;

    /// <summary>Tries to parse a CIDR (same rules as <see cref="Parse(string)"/>).</summary>
    /// <param name="value">The text.</param>
    /// <param name="prefix">The prefix, when successful.</param>
    /// <returns>True when valid.</returns>
    public static bool TryParse(ReadOnlySpan<char> value, out IpPrefix prefix)
    {
        if (IpCidr.TryParse(value, out var cidr))
        {
            prefix = cidr.Network;
            return true;
        }

        prefix = default;
        return false;
    }

    /// <summary>True when <paramref name="address"/> is inside this prefix (same family).</summary>
    /// <param name="address">The address.</param>
    /// <returns>True when contained.</returns>
    public bool Contains(IpAddr address) =>
        address.Family == Family && (address.Value & ~Family.HostMask(Length)) == Network.Value;

    /// <summary>True when <paramref name="other"/> is entirely inside this prefix.</summary>
    /// <param name="other">The other prefix.</param>
    /// <returns>True when contained.</returns>
    public bool Contains(IpPrefix other) => other.Family == Family && other.Length >= Length && Contains(other.Network);

    /// <summary>True when the two prefixes share at least one address.</summary>
    /// <param name="other">The other prefix.</param>
    /// <returns>True when overlapping.</returns>
    public bool Overlaps(IpPrefix other) => Contains(other) || other.Contains(this);

    /// <inheritdoc/>
    public bool Equals(IpPrefix other) => Network == other.Network && Length == other.Length;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is IpPrefix other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Network, Length);

    /// <summary>Formats as <c>network/length</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        Span<char> buffer = stackalloc char[CidrFormatter.MaxAddressChars + 4];
        CidrFormatter.TryFormatCidr(Network, Length, buffer, out int written);
        return new string(buffer[..written]);
    }

    /// <inheritdoc/>
    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    /// <inheritdoc/>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider) =>
        CidrFormatter.TryFormatCidr(Network, Length, destination, out charsWritten);
}
