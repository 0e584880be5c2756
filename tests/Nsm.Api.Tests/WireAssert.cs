using Google.Protobuf;

namespace Nsm.Api.Tests;

internal static class WireAssert
{
    /// <summary>
    /// Asserts that <paramref name="message"/> serializes to exactly <paramref name="expected"/>
    /// and that parsing the expected bytes yields an equal message.
    /// </summary>
    public static void Encodes<T>(T message, WireWriter expected)
        where T : IMessage<T>, new()
    {
        var bytes = expected.ToArray();
        Assert.Equal(Convert.ToHexString(bytes), Convert.ToHexString(message.ToByteArray()));

        var parsed = new MessageParser<T>(() => new T()).ParseFrom(bytes);
        Assert.Equal(message, parsed);
    }
}
