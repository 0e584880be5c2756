using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Nsm.Sdk.Kernel.Netlink;

/// <summary>
/// An IP address with a prefix length, as on an interface (<c>10.0.0.1/24</c>) or as a route
/// destination (<c>10.0.0.0/24</c>). Unlike <see cref="IPNetwork"/> the host bits may be set.
/// This is the netlink layer's own wire-level type, not the SDK's <c>Nsm.Sdk.Ipam.IpCidr</c>: Nsm.Netlink depends on
/// nothing of NSM (a layering test enforces it), so it cannot use the SDK type; Nsm.Sdk.Kernel converts between the two.
/// </summary>
/// <param name="Address">The address.</param>
/// <param name="PrefixLength">The prefix length (0–32 for IPv4, 0–128 for IPv6).</param>
public readonly record struct NetlinkPrefix(IPAddress Address, int PrefixLength)
{
    /// <summary>True for an IPv6 prefix.</summary>
    public bool IsIPv6 => Address.AddressFamily == AddressFamily.InterNetworkV6;

    /// <summary>The address family byte used on the wire (AF_INET or AF_INET6).</summary>
    internal byte Family => IsIPv6 ? Rta.AF_INET6 : Rta.AF_INET;

    /// <summary>Parses <c>a.b.c.d/len</c> or <c>x::y/len</c> (see <see cref="TryParse"/> for the rules).</summary>
    /// <param name="text">The text to parse.</param>
    public static NetlinkPrefix Parse(string text) =>
        TryParse(text, out var p) ? p : throw new FormatException($"'{text}' is not an IP prefix (like 10.0.0.1/24)");

    /// <summary>
    /// Tries to parse <c>address/len</c>: the address is anything <see cref="IPAddress.TryParse(ReadOnlySpan{char}, out IPAddress?)"/>
    /// accepts except a zone (<c>%</c>), the length 1-3 ASCII digits within the family's width; a bare address is rejected.
    /// These are the rules of the SDK's lenient CIDR form (<c>Nsm.Sdk.Ipam.IpCidr.TryParseLenient</c>), which this
    /// dependency-free layer cannot call; a test runs one input table through both.
    /// </summary>
    /// <param name="text">The text to parse.</param>
    /// <param name="prefix">The parsed prefix.</param>
    public static bool TryParse([NotNullWhen(true)] string? text, out NetlinkPrefix prefix)
    {
        prefix = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == text.Length - 1)
        {
            return false;
        }

        var addrText = text.AsSpan(0, slash);
        var lenText = text.AsSpan(slash + 1);
        if (addrText.Contains('%') || !IPAddress.TryParse(addrText, out var address))
        {
            return false;
        }

        if (lenText.Length > 3 || lenText.ContainsAnyExceptInRange('0', '9')
            || !int.TryParse(lenText, NumberStyles.None, CultureInfo.InvariantCulture, out var len))
        {
            return false;
        }

        if (len > (address.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32))
        {
            return false;
        }

        prefix = new NetlinkPrefix(address, len);
        return true;
    }

    /// <summary>The prefix with the host bits cleared (<c>10.0.0.0/24</c> for <c>10.0.0.1/24</c>).</summary>
    public NetlinkPrefix Network
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

            return new NetlinkPrefix(new IPAddress(bytes), PrefixLength);
        }
    }

    /// <summary>True when <paramref name="address"/> lies inside this prefix.</summary>
    /// <param name="address">The address to test.</param>
    public bool Contains(IPAddress address) =>
        address.AddressFamily == Address.AddressFamily && new NetlinkPrefix(address, PrefixLength).Network == Network;

    /// <summary>Formats as <c>address/len</c>.</summary>
    public override string ToString() => $"{Address}/{PrefixLength}";
}
