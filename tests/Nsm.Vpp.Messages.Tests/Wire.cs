using System.Buffers.Binary;
using System.Reflection;
using Nsm.Vpp.Codec;

namespace Nsm.Vpp.Messages.Tests;

// Test helpers: hex, the common request header the transport would add, and generic encode/decode by reflection.
internal static class Wire
{
    public static byte[] Hex(string text) => Convert.FromHexString(new string(text.Where(Uri.IsHexDigit).ToArray()));

    public static string ToHex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    public static byte[] Body(IVppMessage message)
    {
        var writer = new VppWriter();
        message.EncodeFields(writer);
        return writer.Written.ToArray();
    }

    // u16 msg_id, u32 client_index, u32 context, then the fields.
    public static byte[] Request(IVppMessage message, ushort id, uint clientIndex = 0x80000001, uint context = 0x2a)
    {
        var body = Body(message);
        var frame = new byte[10 + body.Length];
        BinaryPrimitives.WriteUInt16BigEndian(frame, id);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(2), clientIndex);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(6), context);
        body.CopyTo(frame, 10);
        return frame;
    }

    public static T Decode<T>(byte[] body)
        where T : IVppMessage<T>
    {
        var reader = new VppReader(body);
        var message = T.DecodeFields(ref reader);
        Assert.Equal(0, reader.Remaining);
        return message;
    }

    public static IEnumerable<Type> MessageTypes() =>
        typeof(IVppReply).Assembly.GetTypes()
            .Where(t => t.Namespace?.StartsWith("Nsm.Vpp.Messages", StringComparison.Ordinal) == true
                && t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IVppMessage<>)))
            .OrderBy(t => t.FullName, StringComparer.Ordinal);

    public static string NameCrc(Type type) => $"{Static<string>(type, "MessageName")}_{Static<string>(type, "MessageCrc")}";

    public static VppMessageKind Kind(Type type) => Static<VppMessageKind>(type, "Kind");

    public static object DecodeAs(Type type, byte[] body) =>
        typeof(Wire).GetMethod(nameof(DecodeLoose), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(type).Invoke(null, [body])!;

    private static object DecodeLoose<T>(byte[] body)
        where T : IVppMessage<T>
    {
        var reader = new VppReader(body);
        return T.DecodeFields(ref reader);
    }

    private static TValue Static<TValue>(Type type, string name)
    {
        var map = type.GetInterfaceMap(type.GetInterfaces().Single(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IVppMessage<>)));
        var index = Array.FindIndex(map.InterfaceMethods, m => m.Name == "get_" + name);
        return (TValue)map.TargetMethods[index].Invoke(null, null)!;
    }
}
