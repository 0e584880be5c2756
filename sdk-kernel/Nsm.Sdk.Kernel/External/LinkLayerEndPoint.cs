using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Nsm.Sdk.Kernel.External;

/// <summary>A <c>sockaddr_ll</c> for binding an AF_PACKET socket to one interface and one ethertype.</summary>
/// <param name="InterfaceIndex">The interface index.</param>
/// <param name="EtherType">The ethertype (host order), e.g. 0x0806 for ARP.</param>
internal sealed class LinkLayerEndPoint(int InterfaceIndex, ushort EtherType) : EndPoint
{
    private const int Size = 20;

    /// <inheritdoc />
    public override AddressFamily AddressFamily => AddressFamily.Packet;

    /// <summary>Opens a raw packet socket for <paramref name="etherType"/> bound to the interface (in the calling thread's namespace).</summary>
    public static Socket Open(int interfaceIndex, ushort etherType)
    {
        var socket = new Socket(AddressFamily.Packet, SocketType.Raw, (ProtocolType)BinaryPrimitives.ReverseEndianness(etherType));
        try
        {
            socket.Bind(new LinkLayerEndPoint(interfaceIndex, etherType));
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public override SocketAddress Serialize()
    {
        var address = new SocketAddress(AddressFamily.Packet, Size);
        var bytes = address.Buffer.Span;
        BinaryPrimitives.WriteUInt16BigEndian(bytes[2..], EtherType);
        BinaryPrimitives.WriteInt32LittleEndian(bytes[4..], InterfaceIndex);
        return address;
    }
}
