using System.Net;

namespace Nsm.Sdk.Ipam;

/// <summary>
/// Strict, allocation-free parsing of addresses and CIDRs. Rejects what lenient parsers accept: IPv4 shorthand
/// (<c>10.1</c>), leading zeros (<c>010.0.0.1</c>), hex or octal parts, whitespace, IPv6 zones and brackets,
/// signs or leading zeros in the prefix length, and prefix lengths beyond the family's width.
/// </summary>
internal static class CidrParser
{
    public static bool TryParseAddress(ReadOnlySpan<char> s, out IpAddr address, out string error)
    {
        address = default;
        if (s.IsEmpty)
        {
            error = "the address is empty";
            return false;
        }

        if (s.Contains(':'))
        {
            return TryParseV6(s, out address, out error);
        }

        if (!TryParseV4(s, out uint v4))
        {
            error = "expected four decimal octets 0-255 without leading zeros, or an IPv6 address";
            return false;
        }

        address = new IpAddr(IpFamily.IPv4, v4);
        error = string.Empty;
        return true;
    }

    public static bool TryParseCidr(ReadOnlySpan<char> s, out IpAddr address, out int prefixLength, out string error)
    {
        address = default;
        prefixLength = 0;
        int slash = s.IndexOf('/');
        if (slash < 0)
        {
            error = "missing '/prefix-length'";
            return false;
        }

        if (!TryParseAddress(s[..slash], out address, out error))
        {
            return false;
        }

        var len = s[(slash + 1)..];
        int max = address.Family.BitLength();
        if (!TryParseDecimal(len, 3, out int value))
        {
            error = $"prefix length must be a decimal number 0..{max}";
            return false;
        }

        if (value > max)
        {
            error = $"prefix length {value} is out of range 0..{max} for {address.Family}";
            return false;
        }

        prefixLength = value;
        error = string.Empty;
        return true;
    }

    private static bool TryParseV4(ReadOnlySpan<char> s, out uint value)
    {
        value = 0;
        int parts = 0;
        while (true)
        {
            int dot = s.IndexOf('.');
            var part = dot < 0 ? s : s[..dot];
            if (!TryParseDecimal(part, 3, out int octet) || octet > 255)
            {
                return false;
            }

            value = (value << 8) | (uint)octet;
            parts++;
            if (dot < 0)
            {
                return parts == 4;
            }

            if (parts == 4)
            {
                return false;
            }

            s = s[(dot + 1)..];
        }
    }

    private static bool TryParseV6(ReadOnlySpan<char> s, out IpAddr address, out string error)
    {
        address = default;
        foreach (char c in s)
        {
            if (!(char.IsAsciiHexDigit(c) || c == ':' || c == '.'))
            {
                error = $"unexpected character '{c}' in IPv6 address (zones, brackets and spaces are not allowed)";
                return false;
            }
        }

        int lastColon = s.LastIndexOf(':');
        var tail = s[(lastColon + 1)..];
        if (tail.Contains('.') && !TryParseV4(tail, out _))
        {
            error = "the embedded IPv4 part is not four decimal octets";
            return false;
        }

        if (!IPAddress.TryParse(s, out var ip) || ip.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            error = "not a valid IPv6 address";
            return false;
        }

        Span<byte> bytes = stackalloc byte[16];
        ip.TryWriteBytes(bytes, out _);
        address = new IpAddr(IpFamily.IPv6, System.Buffers.Binary.BinaryPrimitives.ReadUInt128BigEndian(bytes));
        error = string.Empty;
        return true;
    }

    /// <summary>Parses 1..maxDigits ASCII digits with no sign and no leading zero (except "0" itself).</summary>
    private static bool TryParseDecimal(ReadOnlySpan<char> s, int maxDigits, out int value)
    {
        value = 0;
        if (s.IsEmpty || s.Length > maxDigits || (s.Length > 1 && s[0] == '0'))
        {
            return false;
        }

        foreach (char c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }
}
