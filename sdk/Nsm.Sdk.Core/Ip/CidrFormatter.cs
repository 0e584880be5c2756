using System.Globalization;

namespace Nsm.Sdk.Ipam;

/// <summary>Allocation-free formatting of addresses (dotted decimal; RFC 5952 for IPv6).</summary>
internal static class CidrFormatter
{
    /// <summary>Longest textual address: a full IPv6 address with an embedded IPv4 tail.</summary>
    public const int MaxAddressChars = 45;

    public static bool TryFormatAddress(IpAddr address, Span<char> destination, out int written)
    {
        if (address.IsIPv4)
        {
            return TryFormatV4((uint)address.Value, destination, out written);
        }

        return TryFormatV6(address.Value, destination, out written);
    }

    public static bool TryFormatCidr(IpAddr address, int prefixLength, Span<char> destination, out int written)
    {
        written = 0;
        if (!TryFormatAddress(address, destination, out int n) || n >= destination.Length)
        {
            return false;
        }

        destination[n++] = '/';
        if (!prefixLength.TryFormat(destination[n..], out int m, default, CultureInfo.InvariantCulture))
        {
            return false;
        }

        written = n + m;
        return true;
    }

    private static bool TryFormatV4(uint v, Span<char> destination, out int written)
    {
        written = 0;
        for (int i = 3; i >= 0; i--)
        {
            uint octet = (v >> (i * 8)) & 0xFF;
            if (!octet.TryFormat(destination[written..], out int n, default, CultureInfo.InvariantCulture))
            {
                return false;
            }

            written += n;
            if (i > 0)
            {
                if (written >= destination.Length)
                {
                    return false;
                }

                destination[written++] = '.';
            }
        }

        return true;
    }

    private static bool TryFormatV6(UInt128 v, Span<char> destination, out int written)
    {
        written = 0;
        Span<ushort> groups = stackalloc ushort[8];
        for (int i = 0; i < 8; i++)
        {
            groups[i] = (ushort)(v >> ((7 - i) * 16));
        }

        // IPv4-mapped (::ffff:a.b.c.d) is written with a dotted tail, as RFC 5952 §5 recommends.
        bool mapped = groups[0] == 0 && groups[1] == 0 && groups[2] == 0 && groups[3] == 0 && groups[4] == 0 && groups[5] == 0xFFFF;
        int groupCount = mapped ? 6 : 8;

        // Longest run (>= 2) of zero groups; the first one wins ties.
        int bestStart = -1, bestLen = 0;
        for (int i = 0; i < groupCount;)
        {
            if (groups[i] != 0)
            {
                i++;
                continue;
            }

            int j = i;
            while (j < groupCount && groups[j] == 0)
            {
                j++;
            }

            if (j - i > bestLen && j - i >= 2)
            {
                bestStart = i;
                bestLen = j - i;
            }

            i = j;
        }

        var w = new SpanWriter(destination);
        for (int i = 0; i < groupCount; i++)
        {
            if (i == bestStart)
            {
                w.Append(i == 0 ? "::" : ":");
                i += bestLen - 1;
                continue;
            }

            w.AppendHex(groups[i]);
            if (i < groupCount - 1)
            {
                w.Append(":");
            }
        }

        if (mapped)
        {
            if (bestStart < 0 || bestStart + bestLen < groupCount)
            {
                w.Append(":");
            }

            w.AppendV4((uint)(v & uint.MaxValue));
        }

        written = w.Position;
        return w.Ok;
    }

    private ref struct SpanWriter
    {
        private readonly Span<char> _dest;

        public SpanWriter(Span<char> dest)
        {
            _dest = dest;
            Position = 0;
            Ok = true;
        }

        public int Position { get; private set; }

        public bool Ok { get; private set; }

        public void Append(string s)
        {
            if (!Ok || Position + s.Length > _dest.Length)
            {
                Ok = false;
                return;
            }

            s.AsSpan().CopyTo(_dest[Position..]);
            Position += s.Length;
        }

        public void AppendHex(ushort value)
        {
            if (!Ok || !value.TryFormat(_dest[Position..], out int n, "x", CultureInfo.InvariantCulture))
            {
                Ok = false;
                return;
            }

            Position += n;
        }

        public void AppendV4(uint value)
        {
            if (!Ok || !TryFormatV4(value, _dest[Position..], out int n))
            {
                Ok = false;
                return;
            }

            Position += n;
        }
    }
}
