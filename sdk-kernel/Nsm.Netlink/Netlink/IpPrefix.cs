using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Nsm.Sdk.Kernel.Netlink;

/// <summary>
/// An IP address with a prefix length, as on an interface (<c>10.0.0.1/24</c>) or as a route
/// destination (<c>10.0.0.0/24</c>). Unlike <see cref="IPNetwork"/> the host bits may be set.
/// </summary>
/// <param name="Address">The address.</param>
/// <param name="PrefixLength">The prefix length (0–32 for IPv4, 0–128 for IPv6).</param>
public readonly record struct IpPrefix(IPAddress Address, int PrefixLength)
{
    /// <summary>True for an IPv6 prefix.</summary>
    public bool IsIPv6 => Address.AddressFamily == AddressFamily.InterNetworkV6;

    /// <summary>The address family byte used on the wire (AF_INET or AF_INET6).</summary>
    internal byte Family => IsIPv6 ? Rta.AF_INET6 : Rta.AF_INET;

    /// <summary>Parses <c>a.b.c.d/len</c> or <c>x::y/len</c>; a bare address gets a full-length prefix.</summary>
    /// <param name="text">The text to parse.</param>
    public static IpPrefix Parse(string text) =>
        TryParse(text, out var p) ? p : throw new FormatException($"'{text}' is not an IP prefix (like 10.0.0.1/24)");

    /// <summary>Tries to parse <c>address/len</c> or a bare address.</summary>
    /// <param name="text">The text to parse.</param>
    /// <param name="prefix">The parsed prefix.</param>
    public static bool TryParse([NotNullWhen(true)] string? text, out IpPrefix prefix)
    {
        prefix = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var addrText = slash < 0 ? text.AsSpan() : text.AsSpan(0, slash);
        if (!IPAddress.TryParse(addrText, out var address))
        {
            return false;
        }

        var max = address.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32;
        var len = max;
        if (slash >= 0 && (!int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out len) || len > max))
        {
            return false;
        }

        prefix = new IpPrefix(address, len);
        return true;
    }

    /// <summary>The prefix with the host bits cleared (<c>10.0.0.0/24</c> for <c>10.0.0.1/24</c>).</summary>
    public IpPrefix Network
    {
        get
        {
            Span<byte> bytes = stackalloc byte[16];
            Address.TryWriteBytes(bytes, out var n);
            bytes = bytes[..n];
            for (var i = 0; i < n; i++)
            {
                var bitsHere = Math.Clamp(PrefixLength - (i * 8), 0, 8);
                bytes[i] &= (byte)(0xFF << (8 - bitsHere));
            }

            return new IpPrefix(new IPAddress(bytes), PrefixLength);
        }
    }

    /// <summary>True when <paramref name="address"/> lies inside this prefix.</summary>
    /// <param name="address">The address to test.</param>
    public bool Contains(IPAddress address) =>
        address.AddressFamily == Address.AddressFamily && new IpPrefix(address, PrefixLength).Network == Network;

    /// <summary>Formats as <c>address/len</c>.</summary>
    public override string ToString() => $"{Address}/{PrefixLength}";
}
