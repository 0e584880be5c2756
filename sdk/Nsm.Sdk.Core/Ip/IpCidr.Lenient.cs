using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;

namespace Nsm.Sdk.Ipam;

/// <summary>The lenient (connection-context) form of <see cref="IpCidr"/> and its <see cref="IPAddress"/> bridges.</summary>
public readonly partial struct IpCidr
{
    /// <summary>The longest prefix-length text accepted by the lenient form (<c>128</c>).</summary>
    private const int MaxLengthDigits = 3;

    /// <summary>The address as an <see cref="IPAddress"/> (allocates).</summary>
    public IPAddress IPAddress => Address.ToIPAddress();

    /// <summary>True for an IPv4 address.</summary>
    public bool IsIPv4 => Address.IsIPv4;

    /// <summary>
    /// Parses <c>addr/prefixlen</c> as connection contexts carry it (the host part kept, like Go's <c>net.ParseCIDR</c>
    /// followed by <c>ipNet.IP = ip</c>): the address is anything <see cref="IPAddress.TryParse(ReadOnlySpan{char}, out IPAddress?)"/>
    /// accepts except a zone (<c>%</c>); the length is 1-3 ASCII digits within the family's width. A bare address is rejected.
    /// </summary>
    /// <param name="value">The text.</param>
    /// <param name="cidr">The CIDR, when successful.</param>
    /// <returns>True when valid.</returns>
    public static bool TryParseLenient([NotNullWhen(true)] string? value, out IpCidr cidr)
    {
        cidr = default;
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == value.Length - 1)
        {
            return false;
        }

        var addrText = value.AsSpan(0, slash);
        var lenText = value.AsSpan(slash + 1);
        if (addrText.Contains('%') || !IPAddress.TryParse(addrText, out var ip))
        {
            return false;
        }

        if (lenText.Length > MaxLengthDigits || lenText.ContainsAnyExceptInRange('0', '9')
            || !int.TryParse(lenText, NumberStyles.None, CultureInfo.InvariantCulture, out var length))
        {
            return false;
        }

        var address = IpAddr.FromIPAddress(ip);
        if (length > address.Family.BitLength())
        {
            return false;
        }

        cidr = new IpCidr(address, length);
        return true;
    }

    /// <summary>Parses the lenient form (see <see cref="TryParseLenient"/>).</summary>
    /// <param name="value">The text.</param>
    /// <returns>The CIDR.</returns>
    /// <exception cref="InvalidCidrException">The text is not a CIDR.</exception>
    public static IpCidr ParseLenient(string value) =>
        TryParseLenient(value, out var cidr) ? cidr : throw new InvalidCidrException("CIDR", value, "expected address/prefix-length", nameof(value));

    /// <summary>The lenient form, or null when the value is empty or malformed.</summary>
    /// <param name="value">The text.</param>
    /// <returns>The CIDR or null.</returns>
    public static IpCidr? ParseLenientOrNull(string? value) => TryParseLenient(value, out var cidr) ? cidr : null;

    /// <summary>Creates a CIDR from an <see cref="IPAddress"/> and a prefix length.</summary>
    /// <param name="address">The address (a scope id is dropped).</param>
    /// <param name="prefixLength">The prefix length.</param>
    /// <returns>The CIDR.</returns>
    public static IpCidr FromIPAddress(IPAddress address, int prefixLength) => new(IpAddr.FromIPAddress(address), prefixLength);

    /// <summary>
    /// True when <paramref name="address"/> is in this CIDR's subnet. As in Go, an IPv4 address and its IPv4-mapped
    /// IPv6 form (<c>::ffff:a.b.c.d</c>) are the same address.
    /// </summary>
    /// <param name="address">The address.</param>
    /// <returns>True when contained.</returns>
    public bool Contains(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var ip = IpAddr.FromIPAddress(address);
        if (ip.Family == Family)
        {
            return Contains(ip);
        }

        if (address.IsIPv4MappedToIPv6 && IsIPv4)
        {
            return Contains(IpAddr.FromIPAddress(address.MapToIPv4()));
        }

        var self = IPAddress;
        if (self.IsIPv4MappedToIPv6 && ip.IsIPv4)
        {
            return FromIPAddress(self.MapToIPv4(), Math.Max(0, PrefixLength - 96)).Contains(ip);
        }

        return false;
    }
}
