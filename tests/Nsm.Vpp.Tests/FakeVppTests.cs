using System.Buffers.Binary;
using System.Net.Sockets;
using Nsm.Vpp.Tests.Support;
using static Nsm.Vpp.Tests.Support.VppFixture;

namespace Nsm.Vpp.Tests;

/// <summary>The fake, driven by raw bytes from the reference's recorded session (§4.1, §4.2), answers as VPP did.</summary>
public sealed class FakeVppTests
{
    [Fact]
    public async Task The_fake_answers_the_recorded_session_byte_for_byte()
    {
        await using var fixture = new VppFixture();
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        using var wait = new CancellationTokenSource(Bounded);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(fixture.SocketPath), wait.Token);

        // Before the handshake, anything else is ignored.
        await SendAsync(socket, Hex("0017 80000001 00000001"), wait.Token);
        await SendAsync(socket, Hex("000f 00001234") + Text("vppstudy", 64), wait.Token);
        var (header, body) = await ReceiveAsync(socket, wait.Token);
        Assert.Equal(Hex("0000000000000000") + Hex("00000000"), Convert.ToHexStringLower(header.AsSpan(0, 8)) + Convert.ToHexStringLower(header.AsSpan(12, 4)));
        Assert.Equal((uint)body.Length, BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(8)));
        var count = Nsm.Vpp.Testing.FakeVppMessageTable.Recorded.Count;
        Assert.Equal(Hex("0010 00000000 00001234 00000000 80000001") + count.ToString("x4", null) + Hex("0288") + Text("mpls_ip_bind_unbind_c7533b32", 64),
            Convert.ToHexStringLower(body.AsSpan(0, 20 + 66)));
        Assert.Equal(20 + (66 * count), body.Length);

        // §4.2: a wrong client_index, an unknown id and a truncated message get no reply; the next good request does.
        await SendAsync(socket, Hex("0017 00000000 00000064"), wait.Token);
        await SendAsync(socket, Hex("1388 80000001 00000064"), wait.Token);
        await SendAsync(socket, Hex("036e 80000001"), wait.Token);

        // §4.1 from here.
        await SendAsync(socket, Hex("036e 80000001 00000065"), wait.Token);
        (header, body) = await ReceiveAsync(socket, wait.Token);
        Assert.Equal(Hex("8012073001000000 0000016a 00000000"), Convert.ToHexStringLower(header));
        Assert.Equal(Hex("036f 00000065 00000000") + Text("vpe", 32) + Text("26.10-release", 32) + Text("2026-11-24T14:30:28", 32) + Text("", 256), Convert.ToHexStringLower(body));

        await SendAsync(socket, Hex("0017 80000001 00000066"), wait.Token);
        (_, body) = await ReceiveAsync(socket, wait.Token);
        Assert.Equal(Hex("0018 00000066 00000000 80000001 00007ff4"), Convert.ToHexStringLower(body));

        await SendAsync(socket, Hex("0011 80000001 00000067 80000001"), wait.Token);
        (_, body) = await ReceiveAsync(socket, wait.Token);
        Assert.Equal(Hex("0012 00000067 00000001"), Convert.ToHexStringLower(body));
        Assert.Equal(0, await socket.ReceiveAsync(new byte[1], SocketFlags.None, wait.Token));

        Assert.Equal(
            [
                "not sockclnt_create before the handshake",
                "client_index 00000000 is not the handle 80000001: reply discarded",
                "no handler for msg id 5000",
                "Truncated message 'show_version' (id 878) received, calculated size 10 is bigger than actual size 6, message dropped.",
            ],
            fixture.Vpp.Dropped.Select(d => d.Reason));
    }

    [Fact]
    public async Task Concurrent_connections_get_their_own_handles_and_a_freed_one_is_reused()
    {
        await using var fixture = new VppFixture();
        var first = await fixture.ConnectAsync();
        await using var second = await fixture.ConnectAsync();
        Assert.Equal((0x80000001u, 0x80000002u), (first.ClientIndex, second.ClientIndex));

        await first.DisposeAsync();
        await WaitUntilAsync(() => fixture.Vpp.ConnectionCount == 1);
        await using var third = await fixture.ConnectAsync();

        Assert.Equal(0x80000001u, third.ClientIndex);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var wait = new CancellationTokenSource(Bounded);
        while (!condition())
        {
            await Task.Yield();
            wait.Token.ThrowIfCancellationRequested();
        }
    }

    private static async Task SendAsync(Socket socket, string bodyHex, CancellationToken cancellationToken) =>
        await VppFraming.WriteAsync(socket, VppFraming.Frame(Convert.FromHexString(bodyHex)), cancellationToken);

    private static async Task<(byte[] Header, byte[] Body)> ReceiveAsync(Socket socket, CancellationToken cancellationToken) =>
        await VppFraming.ReadFrameAsync(socket, cancellationToken) ?? throw new EndOfStreamException();
}
