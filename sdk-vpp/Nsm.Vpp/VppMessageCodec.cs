using System.Buffers.Binary;
using Nsm.Vpp.Codec;

namespace Nsm.Vpp;

/// <summary>Encodes and decodes whole message bodies: the common header of the message's <see cref="VppMessageKind"/>, then its fields.</summary>
public static class VppMessageCodec
{
    /// <summary>Encodes a message body (without the 16-byte socket header).</summary>
    /// <typeparam name="T">The message type.</typeparam>
    /// <param name="message">The message.</param>
    /// <param name="id">Its id in the peer's message table.</param>
    /// <param name="clientIndex">The client handle (requests and events; ignored for replies).</param>
    /// <param name="context">The context (requests and replies; ignored for events).</param>
    /// <returns>The body.</returns>
    public static byte[] Encode<T>(T message, ushort id, uint clientIndex, uint context)
        where T : IVppMessage<T>
    {
        ArgumentNullException.ThrowIfNull(message);
        var writer = new VppWriter();
        writer.U16(id);
        switch (T.Kind)
        {
            case VppMessageKind.Request:
                writer.U32(clientIndex);
                writer.U32(context);
                break;
            case VppMessageKind.Reply:
                writer.U32(context);
                break;
            default:
                writer.U32(clientIndex);
                break;
        }

        message.EncodeFields(writer);
        return writer.Written.ToArray();
    }

    /// <summary>Decodes a message body (without the socket header), skipping its common header.</summary>
    /// <typeparam name="T">The message type.</typeparam>
    /// <param name="body">The body.</param>
    /// <returns>The message.</returns>
    /// <exception cref="VppDecodeException">The body is shorter than the message's layout.</exception>
    public static T Decode<T>(ReadOnlySpan<byte> body)
        where T : IVppMessage<T>
    {
        var header = HeaderSize(T.Kind);
        if (body.Length < header)
        {
            throw new VppDecodeException($"{T.MessageName}: {body.Length} bytes are shorter than its {header}-byte header");
        }

        var reader = new VppReader(body, header);
        return T.DecodeFields(ref reader);
    }

    /// <summary>Gets the size of a kind's common header: 10 for requests, 6 for replies and events.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>The size in bytes.</returns>
    public static int HeaderSize(VppMessageKind kind) => kind == VppMessageKind.Request ? 10 : 6;

    /// <summary>Reads the message id of a body (its first two bytes).</summary>
    /// <param name="body">The body.</param>
    /// <returns>The id.</returns>
    public static ushort ReadId(ReadOnlySpan<byte> body) => BinaryPrimitives.ReadUInt16BigEndian(body);
}
