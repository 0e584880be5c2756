using Google.Protobuf;
using Grpc.Core;

namespace Nsm.Sdk.Tests.Fuzzing;

/// <summary>One gRPC method as the fuzzer sees it: raw bytes in and out, a parser that tells malformed input from well-formed, valid seeds.</summary>
/// <param name="Service">The full service name, e.g. <c>networkservice.NetworkService</c>.</param>
/// <param name="Name">The method name, e.g. <c>Request</c>.</param>
/// <param name="Type">Unary or server streaming.</param>
/// <param name="Parser">The request message's parser (what the server parses the bytes with).</param>
/// <param name="Seeds">Valid requests the mutations start from.</param>
/// <param name="Undo">The method of the same service that undoes a successful call when given its answer (Close, Unregister), or <see langword="null"/>.</param>
internal sealed record FuzzMethod(string Service, string Name, MethodType Type, MessageParser Parser, IReadOnlyList<IMessage> Seeds, string? Undo = null)
{
    /// <summary>Gets the method's raw-bytes descriptor: whatever bytes the fuzzer makes reach the server unchanged.</summary>
    public Method<byte[], byte[]> Raw => new(Type, Service, Name, RawBytes, RawBytes);

    /// <summary>Gets the descriptor of <see cref="Undo"/>.</summary>
    public Method<byte[], byte[]>? UndoRaw => Undo is null ? null : new(MethodType.Unary, Service, Undo, RawBytes, RawBytes);

    /// <summary>Gets a marshaller that passes bytes through as they are.</summary>
    public static Marshaller<byte[]> RawBytes { get; } = Marshallers.Create((byte[] b) => b, (byte[] b) => b);

    /// <summary>Whether the server's parser accepts <paramref name="bytes"/>.</summary>
    public bool IsWellFormed(byte[] bytes)
    {
        try
        {
            Parser.ParseFrom(bytes);
            return true;
        }
        catch (InvalidProtocolBufferException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{Service}/{Name}";
}
