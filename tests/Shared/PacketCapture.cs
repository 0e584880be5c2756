using System.Buffers.Binary;
using System.Net;
using System.Runtime.InteropServices;
using Nsm.Sdk.Kernel.Namespaces;

namespace Nsm.Tests.Shared;

/// <summary>One received frame: its VLAN tag as the kernel reports it (PACKET_AUXDATA) and its ethertype.</summary>
internal readonly record struct CapturedFrame(bool Tagged, ushort Tpid, int VlanId, ushort EtherType);

/// <summary>
/// One received frame's ethertype and, for IPv4 and IPv6, its IP protocol, destination port (TCP/UDP) and its outer
/// source and destination addresses (null for other ethertypes).
/// </summary>
internal readonly record struct CapturedPacket(ushort EtherType, byte IpProtocol, ushort DestinationPort, IPAddress? Source = null, IPAddress? Destination = null)
{
    public override string ToString() => $"{Source}->{Destination} proto {IpProtocol} dport {DestinationPort} (ethertype 0x{EtherType:x4})";
}

/// <summary>
/// (Compiled into the kernel and the E2E tests from tests/Shared.)
/// An AF_PACKET socket on one interface of a namespace that reads the frames it receives (not those it sends),
/// with the 802.1Q tag from PACKET_AUXDATA: an accelerated tag (veth keeps it out of the frame bytes) is reported there.
/// </summary>
internal sealed unsafe partial class PacketCapture : IDisposable
{
    private const int AF_PACKET = 17;
    private const int SOCK_RAW = 3;
    private const int SOL_PACKET = 263;
    private const int PACKET_AUXDATA = 8;
    private const int SOL_SOCKET = 1;
    private const int SO_RCVTIMEO = 20;
    private const int PACKET_OUTGOING = 4;
    private const uint TP_STATUS_VLAN_VALID = 0x10;
    private const uint TP_STATUS_VLAN_TPID_VALID = 0x40;
    private readonly int _fd;

    private PacketCapture(int fd) => _fd = fd;

    public static Task<PacketCapture> OpenAsync(NetNs ns, int ifindex) => ns.RunInAsync(() =>
    {
        var fd = Socket(AF_PACKET, SOCK_RAW, 0x0300); // htons(ETH_P_ALL)
        Assert.True(fd >= 0, $"AF_PACKET socket: errno {Marshal.GetLastPInvokeError()}");
        var addr = stackalloc byte[20];
        new Span<byte>(addr, 20).Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(new Span<byte>(addr, 2), AF_PACKET);
        BinaryPrimitives.WriteUInt16LittleEndian(new Span<byte>(addr + 2, 2), 0x0300);
        BinaryPrimitives.WriteInt32LittleEndian(new Span<byte>(addr + 4, 4), ifindex);
        Assert.Equal(0, Bind(fd, addr, 20));
        int one = 1;
        Assert.Equal(0, SetSockOpt(fd, SOL_PACKET, PACKET_AUXDATA, &one, 4));
        var tv = stackalloc long[2];
        tv[0] = 0;
        tv[1] = 300_000; // 300 ms: reading stops once the wire is quiet
        Assert.Equal(0, SetSockOpt(fd, SOL_SOCKET, SO_RCVTIMEO, tv, 16));
        return new PacketCapture(fd);
    });

    private delegate T FrameParser<T>(ReadOnlySpan<byte> frame, ReadOnlySpan<byte> control);

    /// <summary>Reads the received frames until none arrives for 300 ms (at most <paramref name="max"/>).</summary>
    public List<CapturedFrame> ReadAll(int max = 64) => Read<CapturedFrame>(max, Parse);

    /// <summary>Reads the received frames' IP headers until none arrives for 300 ms (at most <paramref name="max"/>).</summary>
    public List<CapturedPacket> ReadPackets(int max = 256) => Read<CapturedPacket>(max, static (frame, _) => ParseIp(frame));

    /// <summary>
    /// Reads the received frames' IP headers until none arrives for 300 ms, <paramref name="max"/> are read or
    /// <paramref name="within"/> has passed (a wire that is never quiet, e.g. with liveness pings).
    /// </summary>
    public List<CapturedPacket> ReadPackets(int max, TimeSpan within) => Read<CapturedPacket>(max, static (frame, _) => ParseIp(frame), within);

    private List<T> Read<T>(int max, FrameParser<T> parse, TimeSpan? within = null)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var frames = new List<T>();
        var data = stackalloc byte[2048];
        var control = stackalloc byte[256];
        var name = stackalloc byte[20];
        var iov = stackalloc nint[2];
        var msg = stackalloc byte[56];
        while (frames.Count < max && (within is null || watch.Elapsed < within))
        {
            iov[0] = (nint)data;
            iov[1] = 2048;
            new Span<byte>(msg, 56).Clear();
            *(nint*)msg = (nint)name;
            *(int*)(msg + 8) = 20;
            *(nint*)(msg + 16) = (nint)iov;
            *(nint*)(msg + 24) = 1;
            *(nint*)(msg + 32) = (nint)control;
            *(nint*)(msg + 40) = 256;
            var n = RecvMsg(_fd, msg, 0);
            if (n < 0)
            {
                break;
            }

            if (name[10] == PACKET_OUTGOING || n < 14)
            {
                continue;
            }

            frames.Add(parse(new ReadOnlySpan<byte>(data, (int)n), new ReadOnlySpan<byte>(control, (int)*(nint*)(msg + 40))));
        }

        return frames;
    }

    public void Dispose() => _ = Close(_fd);

    private static CapturedPacket ParseIp(ReadOnlySpan<byte> frame)
    {
        var etherType = BinaryPrimitives.ReadUInt16BigEndian(frame[12..]);
        var ip = frame[14..];
        byte protocol = 0;
        var transport = ReadOnlySpan<byte>.Empty;
        IPAddress? source = null, destination = null;
        if (etherType == 0x0800 && ip.Length >= 20)
        {
            protocol = ip[9];
            transport = ip[Math.Min(ip.Length, (ip[0] & 0xF) * 4)..];
            (source, destination) = (new IPAddress(ip[12..16]), new IPAddress(ip[16..20]));
        }
        else if (etherType == 0x86DD && ip.Length >= 40)
        {
            protocol = ip[6];
            transport = ip[40..];
            (source, destination) = (new IPAddress(ip[8..24]), new IPAddress(ip[24..40]));
        }

        var port = protocol is 6 or 17 && transport.Length >= 4 ? BinaryPrimitives.ReadUInt16BigEndian(transport[2..]) : (ushort)0;
        return new CapturedPacket(etherType, protocol, port, source, destination);
    }

    private static CapturedFrame Parse(ReadOnlySpan<byte> frame, ReadOnlySpan<byte> control)
    {
        var etherType = BinaryPrimitives.ReadUInt16BigEndian(frame[12..]);
        while (control.Length >= 16)
        {
            var len = (int)BinaryPrimitives.ReadUInt64LittleEndian(control);
            var level = BinaryPrimitives.ReadInt32LittleEndian(control[8..]);
            var type = BinaryPrimitives.ReadInt32LittleEndian(control[12..]);
            if (level == SOL_PACKET && type == PACKET_AUXDATA)
            {
                var aux = control[16..];
                var status = BinaryPrimitives.ReadUInt32LittleEndian(aux);
                var tci = BinaryPrimitives.ReadUInt16LittleEndian(aux[16..]);
                var tpid = BinaryPrimitives.ReadUInt16LittleEndian(aux[18..]);
                if ((status & TP_STATUS_VLAN_VALID) != 0)
                {
                    return new CapturedFrame(true, (status & TP_STATUS_VLAN_TPID_VALID) != 0 ? tpid : (ushort)0, tci & 0xFFF, etherType);
                }

                break;
            }

            if (len < 16)
            {
                break;
            }

            control = control[Math.Min(control.Length, (len + 7) & ~7)..];
        }

        // No accelerated tag: a tag, if any, is still in the frame bytes.
        return etherType == 0x8100
            ? new CapturedFrame(true, 0x8100, BinaryPrimitives.ReadUInt16BigEndian(frame[14..]) & 0xFFF, BinaryPrimitives.ReadUInt16BigEndian(frame[16..]))
            : new CapturedFrame(false, 0, 0, etherType);
    }

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    private static partial int Socket(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "bind", SetLastError = true)]
    private static partial int Bind(int fd, void* addr, int len);

    [LibraryImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
    private static partial int SetSockOpt(int fd, int level, int name, void* value, int len);

    [LibraryImport("libc", EntryPoint = "recvmsg", SetLastError = true)]
    private static partial nint RecvMsg(int fd, void* msg, int flags);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
