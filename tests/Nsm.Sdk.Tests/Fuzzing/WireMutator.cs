namespace Nsm.Sdk.Tests.Fuzzing;

/// <summary>
/// Deterministic protobuf-aware mutations of a valid message's bytes: bit flips, truncation, field duplication, random
/// varints, wrong wire types, corrupted lengths and random bytes (one to three stacked), plus wholly random messages.
/// </summary>
internal sealed class WireMutator(int seed)
{
    private readonly Random _random = new(seed);

    /// <summary>One to three stacked mutations of <paramref name="seedBytes"/>.</summary>
    public byte[] Mutate(byte[] seedBytes)
    {
        var bytes = seedBytes;
        var count = _random.Next(10) switch { < 6 => 1, < 9 => 2, _ => 3 };
        for (var i = 0; i < count; i++)
        {
            bytes = MutateOnce(bytes);
        }

        return bytes;
    }

    /// <summary>A random message: random bytes, or a random sequence of well-formed fields (nested ones included).</summary>
    public byte[] Random() => _random.Next(2) == 0 ? RandomBytes(_random.Next(0, 200)) : RandomFields(depth: 0);

    private byte[] MutateOnce(byte[] b) => _random.Next(10) switch
    {
        8 or 9 => ReplaceText(b, depth: 0),
        0 => FlipBits(b),
        1 => b.Length == 0 ? b : b[.._random.Next(b.Length)],
        2 => DuplicateField(b),
        3 => Insert(b, _random.Next(b.Length + 1), [.. Varint(RandomTag()), .. Varint(RandomVarint())]),
        4 => WrongWireType(b),
        5 => CorruptLength(b),
        6 => Overwrite(b),
        _ => Insert(b, _random.Next(b.Length + 1), RandomBytes(1 + _random.Next(16))),
    };

    /// <summary>Keeps the bytes well-formed: a length-delimited field at some depth gets junk content (bad CIDRs, empty, huge, control characters) with its lengths fixed.</summary>
    private byte[] ReplaceText(byte[] b, int depth)
    {
        var delimited = Fields(b).Where(f => f.WireType == 2).ToList();
        if (delimited.Count == 0)
        {
            return depth == 0 ? FlipBits(b) : Junk();
        }

        var (start, end, _) = delimited[_random.Next(delimited.Count)];
        var i = start;
        TryVarint(b, ref i, out var tag);
        var tagEnd = i;
        TryVarint(b, ref i, out _);
        var payload = b[i..end];
        var inner = Fields(payload);
        var descend = inner.Count > 0 && inner[^1].End == payload.Length && _random.Next(3) > 0;
        var replaced = descend ? ReplaceText(payload, depth + 1) : Junk();
        return [.. b[..start], .. b[start..tagEnd], .. Varint((ulong)replaced.Length), .. replaced, .. b[end..]];
    }

    private static readonly string[] JunkTexts =
    [
        string.Empty, "10.0.0.1/99", "10.0.0.1", "::/129", "300.1.1.1/24", "/", "0.0.0.0/0", "ffff::1/64", "not an ip", "-1", "\0", "\u0000",
        "unix:///", "tcp://:99999", "inode://x/y", "kernel://", "%", "a@b@c", "..", "../../etc/passwd", "99999999999999999999", "{}", "é", "🙂",
    ];

    private byte[] Junk() => _random.Next(4) switch
    {
        0 => RandomBytes(_random.Next(0, 40)),
        1 => System.Text.Encoding.UTF8.GetBytes(new string('x', _random.Next(256, 5000))),
        _ => System.Text.Encoding.UTF8.GetBytes(JunkTexts[_random.Next(JunkTexts.Length)]),
    };

    private byte[] FlipBits(byte[] b)
    {
        if (b.Length == 0)
        {
            return RandomBytes(1);
        }

        var copy = (byte[])b.Clone();
        for (var i = 1 + _random.Next(3); i > 0; i--)
        {
            copy[_random.Next(copy.Length)] ^= (byte)(1 << _random.Next(8));
        }

        return copy;
    }

    private byte[] DuplicateField(byte[] b)
    {
        var fields = Fields(b);
        if (fields.Count == 0)
        {
            return b;
        }

        var (start, end, _) = fields[_random.Next(fields.Count)];
        return Insert(b, _random.Next(2) == 0 ? b.Length : start, b[start..end]);
    }

    private byte[] WrongWireType(byte[] b)
    {
        var fields = Fields(b);
        if (fields.Count == 0)
        {
            return b;
        }

        var (start, _, _) = fields[_random.Next(fields.Count)];
        var copy = (byte[])b.Clone();
        copy[start] = (byte)((copy[start] & ~7) | _random.Next(8));
        return copy;
    }

    private byte[] CorruptLength(byte[] b)
    {
        var delimited = Fields(b).Where(f => f.WireType == 2).ToList();
        if (delimited.Count == 0)
        {
            return FlipBits(b);
        }

        var (start, _, _) = delimited[_random.Next(delimited.Count)];
        var tagEnd = start;
        while (tagEnd < b.Length && (b[tagEnd] & 0x80) != 0)
        {
            tagEnd++;
        }

        tagEnd++;
        var lengthEnd = tagEnd;
        while (lengthEnd < b.Length && (b[lengthEnd] & 0x80) != 0)
        {
            lengthEnd++;
        }

        lengthEnd = Math.Min(lengthEnd + 1, b.Length);
        return [.. b[..tagEnd], .. Varint(RandomVarint()), .. b[lengthEnd..]];
    }

    private byte[] Overwrite(byte[] b)
    {
        if (b.Length == 0)
        {
            return RandomBytes(4);
        }

        var copy = (byte[])b.Clone();
        var at = _random.Next(copy.Length);
        var n = Math.Min(1 + _random.Next(8), copy.Length - at);
        _random.NextBytes(copy.AsSpan(at, n));
        return copy;
    }

    private byte[] RandomFields(int depth)
    {
        var output = new List<byte>();
        for (var i = _random.Next(1, 6); i > 0; i--)
        {
            var field = 1 + _random.Next(depth == 0 ? 12 : 6);
            switch (_random.Next(depth < 4 ? 4 : 3))
            {
                case 0:
                    output.AddRange(Varint((ulong)field << 3));
                    output.AddRange(Varint(RandomVarint()));
                    break;
                case 1:
                    var text = RandomBytes(_random.Next(0, 24));
                    output.AddRange(Varint(((ulong)field << 3) | 2UL));
                    output.AddRange(Varint((ulong)text.Length));
                    output.AddRange(text);
                    break;
                case 2:
                    output.AddRange(Varint(((ulong)field << 3) | (_random.Next(2) == 0 ? 1UL : 5UL)));
                    output.AddRange(RandomBytes(8)[..(_random.Next(2) == 0 ? 8 : 4)]);
                    break;
                default:
                    var nested = RandomFields(depth + 1);
                    output.AddRange(Varint(((ulong)field << 3) | 2UL));
                    output.AddRange(Varint((ulong)nested.Length));
                    output.AddRange(nested);
                    break;
            }
        }

        return [.. output];
    }

    private ulong RandomTag() => ((ulong)(uint)(1 + _random.Next(_random.Next(2) == 0 ? 16 : 536_870_911)) << 3) | (uint)_random.Next(8);

    private ulong RandomVarint() => _random.Next(4) switch
    {
        0 => (ulong)_random.Next(128),
        1 => (ulong)_random.NextInt64(),
        2 => ulong.MaxValue - (ulong)_random.Next(16),
        _ => (ulong)_random.Next(1 << 20),
    };

    private byte[] RandomBytes(int n)
    {
        var b = new byte[n];
        _random.NextBytes(b);
        return b;
    }

    private static byte[] Insert(byte[] b, int at, byte[] what) => [.. b[..at], .. what, .. b[at..]];

    /// <summary>The protobuf varint encoding of <paramref name="value"/>.</summary>
    public static byte[] Varint(ulong value)
    {
        var output = new List<byte>(10);
        do
        {
            var next = (byte)(value & 0x7F);
            value >>= 7;
            output.Add(value == 0 ? next : (byte)(next | 0x80));
        }
        while (value != 0);
        return [.. output];
    }

    /// <summary>The top-level fields of a message as (start, end, wire type); stops at the first that does not scan.</summary>
    private static List<(int Start, int End, int WireType)> Fields(byte[] b)
    {
        var fields = new List<(int, int, int)>();
        var i = 0;
        while (i < b.Length)
        {
            var start = i;
            if (!TryVarint(b, ref i, out var tag))
            {
                break;
            }

            var wire = (int)(tag & 7);
            var ok = wire switch
            {
                0 => TryVarint(b, ref i, out _),
                1 => Skip(b, ref i, 8),
                5 => Skip(b, ref i, 4),
                2 => TryVarint(b, ref i, out var length) && length <= int.MaxValue && Skip(b, ref i, (int)length),
                _ => false,
            };
            if (!ok)
            {
                break;
            }

            fields.Add((start, i, wire));
        }

        return fields;
    }

    private static bool TryVarint(byte[] b, ref int i, out ulong value)
    {
        value = 0;
        for (var shift = 0; shift < 64 && i < b.Length; shift += 7)
        {
            var x = b[i++];
            value |= (ulong)(x & 0x7F) << shift;
            if ((x & 0x80) == 0)
            {
                return true;
            }
        }

        return false;
    }

    private static bool Skip(byte[] b, ref int i, int n)
    {
        if (n < 0 || i + n > b.Length)
        {
            return false;
        }

        i += n;
        return true;
    }
}
