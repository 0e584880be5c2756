using Nsm.Vpp.Codec;

namespace Nsm.Vpp.Messages;

/// <summary>Reads one element of a variable array.</summary>
/// <typeparam name="T">The element type.</typeparam>
/// <param name="reader">The body.</param>
/// <returns>The element.</returns>
internal delegate T ElementReader<out T>(ref VppReader reader);

/// <summary>Helpers for variable arrays: their separate count fields and their elements.</summary>
internal static class Wire
{
    /// <summary>Checks that an array's length fits its u8 count field.</summary>
    public static byte CountU8(int count, string name) =>
        count <= byte.MaxValue ? (byte)count : throw new InvalidOperationException($"{name} holds {count} elements; its u8 count field takes at most 255");

    /// <summary>Checks that an array's length fits its u16 count field.</summary>
    public static ushort CountU16(int count, string name) =>
        count <= ushort.MaxValue ? (ushort)count : throw new InvalidOperationException($"{name} holds {count} elements; its u16 count field takes at most 65535");

    /// <summary>An array's length as its u32 count field.</summary>
    public static uint CountU32(int count, string name) =>
        count >= 0 ? (uint)count : throw new InvalidOperationException($"{name} has a negative count");

    /// <summary>Reads <paramref name="count"/> elements of <paramref name="size"/> bytes each; a count beyond the body is a <see cref="VppDecodeException"/>.</summary>
    public static IReadOnlyList<T> ReadList<T>(ref VppReader reader, uint count, int size, ElementReader<T> read)
    {
        if ((ulong)count * (ulong)size > (ulong)reader.Remaining)
        {
            throw new VppDecodeException($"{count} elements of {size} bytes at offset {reader.Offset} run past the body ({reader.Remaining} bytes left)");
        }

        var list = new T[count];
        for (var i = 0; i < list.Length; i++)
        {
            list[i] = read(ref reader);
        }

        return list;
    }
}
