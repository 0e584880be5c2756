using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Nsm.Sdk.Api;

/// <summary>
/// An address in CIDR notation (<c>addr/prefixlen</c>) that keeps the host part of the address,
/// like Go's <c>net.ParseCIDR</c> followed by <c>ipNet.IP = ip</c>. Containment is tested on the network part.
/// </summary>
/// <param name="Address">The address as written (not masked to the network address).</param>
/// <param name="PrefixLength">The prefix length in bits.</param>
public readonly record struct CidrAddress(IPAddress Address, int PrefixLength)
{
    /// <summary>True for an IPv4 address.</summary>
    public bool IsIPv4 => Address.AddressFamily == AddressFamily.InterNetwork;

    /// <summary>Parses <c>addr/prefixlen</c>; returns false for an empty or malformed value or an out-of-range prefix length.</summary>
    /// <param name="value">The text to parse.</param>
    /// <param name="result">The parsed address.</param>
    public static bool TryParse([NotNullWhen(true)] string? value, out CidrAddress result)
    {
        result = default;
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
        if (addrText.Contains('%') || !IPAddress.TryParse(addrText, out var address))
        {
            return false;
        }

        foreach (var c in lenText)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        if (lenText.Length > 3 || !int.TryParse(lenText, NumberStyles.None, CultureInfo.InvariantCulture, out var prefixLength))
        {
            return false;
        }

        var maxBits = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        if (prefixLength > maxBits)
        {
            return false;
        }

        result = new CidrAddress(address, prefixLength);
        return true;
    }

    /// <summary>Parses <c>addr/prefixlen</c>, or returns null when it is empty or malformed.</summary>
    /// <param name="value">The text to parse.</param>
    public static CidrAddress? ParseOrNull(string? value) => TryParse(value, out var result) ? result : null;

    /// <summary>Whether <paramref name="ip"/> lies inside this network (same family and same leading <see cref="PrefixLength"/> bits).</summary>
    /// <param name="ip">The address to test.</param>
    public bool Contains(IPAddress ip)
    {
        ArgumentNullException.ThrowIfNull(ip);
        if (ip.AddressFamily != Address.AddressFamily)
        {
            // Go compares IPv4 and IPv4-mapped IPv6 addresses as equal.
            if (ip.IsIPv4MappedToIPv6 && IsIPv4)
            {
                ip = ip.MapToIPv4();
            }
            else if (Address.IsIPv4MappedToIPv6 && ip.AddressFamily == AddressFamily.InterNetwork)
            {
                return new CidrAddress(Address.MapToIPv4(), Math.Max(0, PrefixLength - 96)).Contains(ip);
            }
            else
            {
                return false;
            }
        }

        var a = Address.GetAddressBytes();
        var b = ip.GetAddressBytes();
        var bits = PrefixLength;
        for (var i = 0; i < a.Length && bits > 0; i++, bits -= 8)
        {
            var mask = bits >= 8 ? 0xFF : (byte)(0xFF << (8 - bits));
            if ((a[i] & mask) != (b[i] & mask))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Formats as <c>addr/prefixlen</c>.</summary>
    public override string ToString() => $"{Address}/{PrefixLength.ToString(CultureInfo.InvariantCulture)}";
}
