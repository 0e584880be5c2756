using Nsm.Vpp.Control;
using Nsm.Vpp.Messages.AfPacket;
using Nsm.Vpp.Tests.Support;
using static Nsm.Vpp.Tests.Support.VppFixture;

namespace Nsm.Vpp.Tests;

public sealed class DumpAndEventTests
{
    [Fact]
    public async Task A_dump_yields_the_details_until_control_ping_reply()
    {
        await using var fixture = new VppFixture();
        fixture.Vpp.HandleDump<AfPacketDump, AfPacketDetails>(_ =>
            [new AfPacketDetails { SwIfIndex = 1, HostIfName = "vppstudy-h" }, new AfPacketDetails { SwIfIndex = 2, HostIfName = "veth2" }]);
        await using var connection = await fixture.ConnectAsync(new VppConnectionOptions { FirstContext = 0x10 });

        var details = await connection.DumpAsync<AfPacketDump, AfPacketDetails>(new AfPacketDump()).ToListAsync();

        Assert.Equal([(1u, "vppstudy-h"), (2u, "veth2")], details.Select(d => (d.SwIfIndex, d.HostIfName)));

        // The dump (af_packet_dump, id 894) then control_ping (23), both with the same context.
        var frames = fixture.Vpp.Received;
        Assert.Equal(Hex("037e 80000001 00000011"), Convert.ToHexStringLower(frames[1].Body));
        Assert.Equal(Hex("0017 80000001 00000011"), Convert.ToHexStringLower(frames[2].Body));

        // af_packet_details is 74 bytes: id, context, sw_if_index, host_if_name[64].
        var detailsBody = VppMessageCodec.Encode(details[0], 895, 0, 0x11);
        Assert.Equal(Hex("037f 00000011 00000001") + Text("vppstudy-h", 64), Convert.ToHexStringLower(detailsBody));
    }

    [Fact]
    public async Task An_empty_dump_ends_at_control_ping_reply()
    {
        await using var fixture = new VppFixture();
        fixture.Vpp.HandleDump<AfPacketDump, AfPacketDetails>(_ => []);
        await using var connection = await fixture.ConnectAsync();

        Assert.Empty(await connection.DumpAsync<AfPacketDump, AfPacketDetails>(new AfPacketDump()).ToListAsync());
    }

    [Fact]
    public async Task Interface_events_reach_the_subscriber()
    {
        await using var fixture = new VppFixture();
        await using var connection = await fixture.ConnectAsync();
        var events = connection.Subscribe<SwInterfaceEvent>();

        await connection.RequestAsync<WantInterfaceEvents, WantInterfaceEventsReply>(new WantInterfaceEvents { EnableDisable = 1, Pid = 1290 });
        Assert.Equal(Hex("00c5 80000001 00000002 00000001 0000050a"), Convert.ToHexStringLower(fixture.Vpp.Received[1].Body));
        await fixture.Vpp.InjectInterfaceEventAsync(new SwInterfaceEvent { Pid = 1290, SwIfIndex = 1 });
        await fixture.Vpp.InjectInterfaceEventAsync(new SwInterfaceEvent { Pid = 1290, SwIfIndex = 1, Flags = SwInterfaceEvent.AdminUp | SwInterfaceEvent.LinkUp });
        await fixture.Vpp.InjectInterfaceEventAsync(new SwInterfaceEvent { Pid = 1290, SwIfIndex = 1, Deleted = true });

        using var wait = new CancellationTokenSource(Bounded);
        var received = new List<SwInterfaceEvent>();
        for (var i = 0; i < 3; i++)
        {
            received.Add(await events.ReadAsync(wait.Token));
        }

        Assert.Equal([(1290u, 1u, 0u, false), (1290u, 1u, 3u, false), (1290u, 1u, 0u, true)], received.Select(e => (e.Pid, e.SwIfIndex, e.Flags, e.Deleted)));

        // §1.6: the recorded event bytes (second client, 0x80000002).
        Assert.Equal(Hex("00c4 80000002 0000050a 00000001 00000003 00"),
            Convert.ToHexStringLower(VppMessageCodec.Encode(received[1], 196, 0x80000002, 0)));
    }

    [Fact]
    public async Task A_keepalive_is_answered_at_once_with_its_context()
    {
        await using var fixture = new VppFixture();
        await using var connection = await fixture.ConnectAsync();

        await fixture.Vpp.InjectKeepaliveAsync(0x77);
        var answer = await fixture.Vpp.WaitForFrameAsync(f => f.Id == 22, Bounded);

        Assert.Equal(Hex("0000000000000000 0000000a 00000000 0016 00000077 00000000"), answer.Hex);
        Assert.Equal(0, (await connection.RequestAsync<ControlPing, ControlPingReply>(new ControlPing())).Retval);
    }

    [Fact]
    public async Task A_subscription_ends_with_its_token()
    {
        await using var fixture = new VppFixture();
        await using var connection = await fixture.ConnectAsync();
        using var stop = new CancellationTokenSource();
        var events = connection.Subscribe<SwInterfaceEvent>(stop.Token);

        await stop.CancelAsync();

        await events.Completion.WaitAsync(Bounded);
    }

    [Fact]
    public async Task The_client_subscribes_again_on_each_new_connection()
    {
        await using var fixture = new VppFixture();
        var events = System.Threading.Channels.Channel.CreateUnbounded<(int Connection, uint SwIfIndex)>();
        var connections = 0;
        await using var client = new VppClient(fixture.SocketPath, "t", Needed)
        {
            OnConnected = async (connection, ct) =>
            {
                var number = Interlocked.Increment(ref connections);
                var reader = connection.Subscribe<SwInterfaceEvent>(CancellationToken.None);
                await connection.RequestAsync<WantInterfaceEvents, WantInterfaceEventsReply>(new WantInterfaceEvents { Pid = 7 }, ct);
                _ = Task.Run(async () =>
                {
                    try
                    {
                        await foreach (var e in reader.ReadAllAsync())
                        {
                            events.Writer.TryWrite((number, e.SwIfIndex));
                        }
                    }
                    catch (VppDisconnectedException)
                    {
                        // that connection is gone; the next one has its own reader
                    }
                }, CancellationToken.None);
            },
        };
        using var wait = new CancellationTokenSource(Bounded);

        var first = await client.GetConnectionAsync();
        await fixture.Vpp.InjectInterfaceEventAsync(new SwInterfaceEvent { Pid = 7, SwIfIndex = 1 });
        Assert.Equal((1, 1u), await events.Reader.ReadAsync(wait.Token));

        await fixture.Vpp.DropClientsAsync();
        await first.Completion.WaitAsync(wait.Token);
        await client.RequestAsync<ControlPing, ControlPingReply>(new ControlPing());
        await fixture.Vpp.InjectInterfaceEventAsync(new SwInterfaceEvent { Pid = 7, SwIfIndex = 2 });

        Assert.Equal((2, 2u), await events.Reader.ReadAsync(wait.Token));
        Assert.Equal(2, fixture.Vpp.Received.Count(f => f.Id == 197));
    }
}
