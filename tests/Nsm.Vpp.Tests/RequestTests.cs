using Nsm.Vpp.Control;
using Nsm.Vpp.Tests.Support;
using static Nsm.Vpp.Tests.Support.VppFixture;

namespace Nsm.Vpp.Tests;

public sealed class RequestTests
{
    [Fact]
    public async Task Show_version_control_ping_and_delete_are_the_recorded_bytes()
    {
        await using var fixture = new VppFixture();
        var connection = await fixture.ConnectAsync(new VppConnectionOptions { FirstContext = 0x64 });

        var version = await connection.RequestAsync<ShowVersion, ShowVersionReply>(new ShowVersion());
        var ping = await connection.RequestAsync<ControlPing, ControlPingReply>(new ControlPing());
        await connection.DisposeAsync();

        Assert.Equal(("vpe", "26.10-release", "2026-11-24T14:30:28", ""), (version.Program, version.Version, version.BuildDate, version.BuildDirectory));
        Assert.Equal((0, 0x80000001u, 32756u), (ping.Retval, ping.ClientIndex, ping.VpePid));

        // §4.1, C→S: the exact frames.
        var frames = fixture.Vpp.Received;
        Assert.Equal(4, frames.Count);
        Assert.Equal(Hex("0000000000000000 0000000a 00000000 036e 80000001 00000065"), frames[1].Hex);
        Assert.Equal(Hex("0000000000000000 0000000a 00000000 0017 80000001 00000066"), frames[2].Hex);
        Assert.Equal(Hex("0000000000000000 0000000e 00000000 0011 80000001 00000067 80000001"), frames[3].Hex);

        // §4.1, S→C: the replies the fake sent are the recorded ones (362-byte show_version_reply, 18-byte control_ping_reply).
        var versionReply = Convert.ToHexStringLower(VppMessageCodec.Encode(fixture.Vpp.Version, 879, 0, 0x65));
        Assert.Equal(Hex("036f 00000065 00000000") + Text("vpe", 32) + Text("26.10-release", 32) + Text("2026-11-24T14:30:28", 32) + Text("", 256), versionReply);
        Assert.Equal(362 * 2, versionReply.Length);
        var pingReply = new ControlPingReply { ClientIndex = 0x80000001, VpePid = 32756 };
        Assert.Equal(Hex("0018 00000066 00000000 80000001 00007ff4"), Convert.ToHexStringLower(VppMessageCodec.Encode(pingReply, 24, 0, 0x66)));
        Assert.Equal(Hex("0012 00000067 00000001"), Convert.ToHexStringLower(VppMessageCodec.Encode(new SockclntDeleteReply { Response = 1 }, 18, 0, 0x67)));
    }

    [Fact]
    public async Task A_non_zero_retval_is_an_api_error_naming_the_message()
    {
        await using var fixture = new VppFixture();
        fixture.Vpp.Handle("show_version", 10, r =>
            [VppMessageCodec.Encode(new ShowVersionReply { Retval = -2 }, r.Fake.IdOf("show_version_reply"), 0, r.Context)]);
        await using var connection = await fixture.ConnectAsync();

        var error = await Assert.ThrowsAsync<VppApiException>(() => connection.RequestAsync<ShowVersion, ShowVersionReply>(new ShowVersion()));

        Assert.Equal((-2, "show_version"), (error.Retval, error.MessageName));
        Assert.Equal("VPP answered show_version with retval -2", error.Message);
        Assert.Equal(0, (await connection.RequestAsync<ControlPing, ControlPingReply>(new ControlPing())).Retval);
    }

    [Fact]
    public async Task Contexts_count_up_skipping_zero_and_pipelined_replies_find_their_callers()
    {
        await using var fixture = new VppFixture();
        await using var connection = await fixture.ConnectAsync(new VppConnectionOptions { FirstContext = 0xfffffffe });

        var calls = Enumerable.Range(0, 8).Select(_ => connection.RequestAsync<ControlPing, ControlPingReply>(new ControlPing())).ToList();
        await Task.WhenAll(calls);

        var contexts = fixture.Vpp.Received.Skip(1).Select(f => Convert.ToHexStringLower(f.Body.AsSpan(6, 4))).Order().ToList();
        Assert.DoesNotContain("00000000", contexts);
        Assert.Contains("ffffffff", contexts);
        Assert.Contains("00000001", contexts);
        Assert.Equal(8, contexts.Distinct().Count());
    }

    [Fact]
    public async Task Dispose_sends_sockclnt_delete_and_leaves_nothing_running()
    {
        await using var fixture = new VppFixture();
        var connection = await fixture.ConnectAsync();

        await connection.DisposeAsync();

        Assert.Equal(Hex("0011 80000001 00000002 80000001"), Convert.ToHexStringLower(fixture.Vpp.Received[^1].Body));
        Assert.True(connection.Completion.IsCompleted);
        Assert.False(connection.IsConnected);
        await Assert.ThrowsAsync<VppDisconnectedException>(() => connection.RequestAsync<ControlPing, ControlPingReply>(new ControlPing()));
        await connection.DisposeAsync();
    }
}
