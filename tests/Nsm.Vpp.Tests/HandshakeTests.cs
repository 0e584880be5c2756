using Nsm.Vpp.Control;
using Nsm.Vpp.Tests.Support;
using static Nsm.Vpp.Tests.Support.VppFixture;

namespace Nsm.Vpp.Tests;

public sealed class HandshakeTests
{
    [Fact]
    public async Task The_handshake_is_the_recorded_bytes_and_the_table_is_read()
    {
        await using var fixture = new VppFixture();
        await using var connection = await fixture.ConnectAsync(new VppConnectionOptions { FirstContext = 0x1234 });

        // §4.1: C→S hdr 00000000000000000000004600000000, body 000f 00001234 "vppstudy"+NULs(64)
        var handshake = fixture.Vpp.Received[0];
        Assert.Equal(Hex("0000000000000000 00000046 00000000") + Hex("000f 00001234") + Text("vppstudy", 64), handshake.Hex);
        Assert.Equal(0x80000001u, connection.ClientIndex);
        Assert.Equal(FakeVppTable, connection.MessageCount);
        Assert.True(connection.IsConnected);
    }

    [Fact]
    public void The_handshake_reply_decodes_as_recorded()
    {
        // §1.3: 0010 00000000 00001234 00000000 80000001 03aa 0288 "mpls_ip_bind_unbind_c7533b32" NUL-padded …
        var entry = Hex("0288") + Text("mpls_ip_bind_unbind_c7533b32", 64);
        var body = Convert.FromHexString(Hex("0010 00000000 00001234 00000000 80000001 0001") + entry);
        var reply = VppMessageCodec.Decode<SockclntCreateReply>(body);
        Assert.Equal(0x1234u, reply.Context);
        Assert.Equal(0, reply.Response);
        Assert.Equal(0x80000001u, reply.Index);
        Assert.Equal(new VppMessageTableEntry(0x0288, "mpls_ip_bind_unbind_c7533b32"), Assert.Single(reply.MessageTable));
        Assert.Equal(Convert.ToHexStringLower(body), Convert.ToHexStringLower(VppMessageCodec.Encode(reply, 16, 0, 0)));
    }

    [Fact]
    public async Task A_message_under_another_crc_or_missing_is_a_version_we_do_not_speak()
    {
        await using var fixture = new VppFixture();
        fixture.Vpp.SetMessage("show_version", "1234abcd");
        fixture.Vpp.RemoveMessage("af_packet_details");

        var error = await Assert.ThrowsAsync<VppIncompatibleException>(() => fixture.ConnectAsync());

        Assert.Equal(
            $"VPP at {fixture.SocketPath} does not speak show_version_51077d14 (it has show_version_1234abcd), " +
            "af_packet_details_58c7c042 (it has no af_packet_details): a VPP version we do not speak",
            error.Message);
        Assert.Equal(2, error.Mismatches.Count);
        Assert.Equal("show_version_1234abcd", error.Mismatches[0].Found);
    }

    [Fact]
    public async Task An_absent_vpp_is_a_clear_disconnected_error()
    {
        await using var fixture = new VppFixture();
        var path = Path.Combine(fixture.Directory, "nothing.sock");

        var error = await Assert.ThrowsAsync<VppDisconnectedException>(() => VppConnection.ConnectAsync(path, "x", Needed));

        Assert.Contains($"cannot connect to VPP at {path}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_handshake_reply_larger_than_64_KiB_is_read_whole()
    {
        await using var fixture = new VppFixture();
        for (var i = 0; i < 1000; i++)
        {
            fixture.Vpp.SetMessage($"plugin_message_{i}", "0badc0de", (ushort)(2000 + i));
        }

        await using var connection = await fixture.ConnectAsync();

        Assert.Equal(FakeVppTable + 1000, connection.MessageCount);
        Assert.True(20 + (66 * connection.MessageCount) > 64 * 1024);
        Assert.Equal(0, (await connection.RequestAsync<ControlPing, ControlPingReply>(new ControlPing())).Retval);
    }

    private static int FakeVppTable => Nsm.Vpp.Testing.FakeVppMessageTable.Recorded.Count;
}
