using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;
using Nsm.Vpp.Control;
using Nsm.Vpp.Messages.Interfaces;
using Nsm.Vpp.Tests.Support;

namespace Nsm.Vpp.Tests;

public sealed class FailureTests
{
    [Fact]
    public async Task A_request_vpp_drops_as_truncated_times_out_naming_it()
    {
        await using var fixture = new VppFixture();
        fixture.Vpp.Handle("sw_interface_add_del_address", 34, r =>
            [VppMessageCodec.Encode(new SwInterfaceAddDelAddressReply(), r.Fake.IdOf("sw_interface_add_del_address_reply"), 0, r.Context)]);
        var time = new FakeTimeProvider();
        var options = new VppConnectionOptions { TimeProvider = time, RequestTimeout = TimeSpan.FromSeconds(5) };
        await using var connection = await VppConnection.ConnectAsync(
            fixture.SocketPath, "t", [.. VppFixture.Needed, VppMessageRef.Of<TruncatedAddDelAddress>(), VppMessageRef.Of<SwInterfaceAddDelAddressReply>()], options);

        var call = connection.RequestAsync<TruncatedAddDelAddress, SwInterfaceAddDelAddressReply>(new TruncatedAddDelAddress());
        await fixture.Vpp.WaitForFrameAsync(f => f.Id == 201, VppFixture.Bounded);
        Assert.False(call.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(4));
        Assert.False(call.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));

        var error = await Assert.ThrowsAsync<TimeoutException>(() => call);
        Assert.Equal($"VPP at {fixture.SocketPath} did not answer sw_interface_add_del_address (context 2) within 00:00:05", error.Message);
        var (frame, reason) = Assert.Single(fixture.Vpp.Dropped);
        Assert.Equal(20, frame.Body.Length);
        Assert.Equal("Truncated message 'sw_interface_add_del_address' (id 201) received, calculated size 34 is bigger than actual size 20, message dropped.", reason);

        // The connection stays usable.
        Assert.Equal(0, (await connection.RequestAsync<ControlPing, ControlPingReply>(new ControlPing())).Retval);
    }

    [Fact]
    public async Task The_callers_token_cancels_a_request_without_a_timeout_error()
    {
        await using var fixture = new VppFixture();
        fixture.Vpp.Handle("show_version", 10, _ => []);
        await using var connection = await fixture.ConnectAsync();
        using var cancel = new CancellationTokenSource();

        var call = connection.RequestAsync<ShowVersion, ShowVersionReply>(new ShowVersion(), cancel.Token);
        await fixture.Vpp.WaitForFrameAsync(f => f.Id == 878, VppFixture.Bounded);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
    }

    [Fact]
    public async Task When_vpp_closes_the_socket_pending_calls_fail_and_the_client_reconnects()
    {
        await using var fixture = new VppFixture();
        var answer = false;
        fixture.Vpp.Handle("show_version", 10, r => Volatile.Read(ref answer)
            ? [VppMessageCodec.Encode(new ShowVersionReply { Version = "26.10-release" }, r.Fake.IdOf("show_version_reply"), 0, r.Context)]
            : []);
        await using var client = new VppClient(fixture.SocketPath, "t", VppFixture.Needed);
        var first = await client.GetConnectionAsync();

        var pending = client.RequestAsync<ShowVersion, ShowVersionReply>(new ShowVersion());
        await fixture.Vpp.WaitForFrameAsync(f => f.Id == 878, VppFixture.Bounded);
        await fixture.Vpp.DropClientsAsync();

        var error = await Assert.ThrowsAsync<VppDisconnectedException>(() => pending);
        Assert.Equal($"the connection to VPP at {fixture.SocketPath} is gone: VPP closed the socket", error.Message);
        await first.Completion.WaitAsync(VppFixture.Bounded);
        Assert.False(first.IsConnected);

        Volatile.Write(ref answer, true);
        var reply = await client.RequestAsync<ShowVersion, ShowVersionReply>(new ShowVersion());

        Assert.Equal("26.10-release", reply.Version);
        var second = await client.GetConnectionAsync();
        Assert.NotSame(first, second);
        Assert.Equal(2, fixture.Vpp.Received.Count(f => f.Id == 15));
        Assert.Equal(0x80000001u, second.ClientIndex);
    }

    [Fact]
    public async Task The_client_retries_with_backoff_until_vpp_is_back()
    {
        await using var fixture = new VppFixture();
        var path = Path.Combine(fixture.Directory, "later.sock");
        var time = new TimerWatchingTimeProvider();
        var options = new VppConnectionOptions { TimeProvider = time, ReconnectInitialDelay = TimeSpan.FromSeconds(1), ReconnectAttempts = 3 };
        await using var client = new VppClient(path, "t", VppFixture.Needed, options);

        var connecting = client.GetConnectionAsync();
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(1));
        await using (var later = Nsm.Vpp.Testing.FakeVpp.Start(path))
        {
            time.Advance(TimeSpan.FromSeconds(1));
            var connection = await connecting.WaitAsync(VppFixture.Bounded);
            Assert.True(connection.IsConnected);
            await client.DisposeAsync();
        }

        var gone = Path.Combine(fixture.Directory, "never.sock");
        await using var never = new VppClient(gone, "t", VppFixture.Needed, options);
        var failing = never.GetConnectionAsync();
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(1));
        time.Advance(TimeSpan.FromSeconds(1));
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(2));
        time.Advance(TimeSpan.FromSeconds(2));
        var error = await Assert.ThrowsAsync<VppDisconnectedException>(() => failing);
        Assert.StartsWith($"VPP at {gone} is unreachable after 3 attempts: cannot connect to VPP at {gone}", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A fake clock that tells when a timer of a given due time is created (the client's backoff delay).</summary>
    private sealed class TimerWatchingTimeProvider : FakeTimeProvider
    {
        private readonly Channel<TimeSpan> _created = Channel.CreateUnbounded<TimeSpan>();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            _created.Writer.TryWrite(dueTime);
            return timer;
        }

        public async Task WaitForTimerAsync(TimeSpan dueTime)
        {
            using var wait = new CancellationTokenSource(VppFixture.Bounded);
            while (await _created.Reader.ReadAsync(wait.Token) != dueTime)
            {
            }
        }
    }
}
