using System.Net;
using System.Net.Sockets;
using Nsm.Sdk.Kernel.Conntrack;
using Nsm.Sdk.Kernel.Namespaces;
using Nsm.Sdk.Kernel.Tests.Support;

namespace Nsm.Sdk.Kernel.Tests.Conntrack;

/// <summary>Conntrack events of a namespace of the test's own, over netlink (runs as root).</summary>
public sealed class ConntrackListenerTests
{
    [Fact]
    public async Task A_flow_is_reported_when_new_and_when_flushed_with_its_counters()
    {
        await using var scope = new NetNsScope();
        var (ns, _) = await scope.CreateAsync();
        await TrackLoopbackAsync(ns, "tcp dport 7002 ct mark set 7");
        await ns.WriteSysctlAsync("net.netfilter.nf_conntrack_acct", "1");
        using var listener = await ConntrackListener.OpenAsync(ns, ConntrackEventType.New | ConntrackEventType.Destroy);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await using var events = listener.ReadAllAsync(timeout.Token).GetAsyncEnumerator(timeout.Token);
        using var server = await ListenAsync(ns, 7001);
        using var marked = await ListenAsync(ns, 7002);

        using var client = await ConnectAsync(ns, 7001);
        var created = await NextAsync(events, e => e.Original.DestinationPort == 7001);
        Assert.Equal(ConntrackEventType.New, created.Type);
        Assert.Equal((6, IPAddress.Loopback, IPAddress.Loopback), (created.Original.Protocol, created.Original.Source, created.Original.Destination));
        Assert.Equal(((IPEndPoint)client.LocalEndPoint!).Port, created.Original.SourcePort);
        Assert.NotEqual(0u, created.Id);

        using var second = await ConnectAsync(ns, 7002);
        var markedFlow = await NextAsync(events, e => e.Original.DestinationPort == 7002);
        Assert.Equal(7u, markedFlow.Mark);

        // Flushing by mark ends only the marked flow: the next flow's New comes before any Destroy of the first one.
        await ConntrackTable.FlushAsync(ns, 7);
        var destroyedMarked = await NextAsync(events, e => e.Type == ConntrackEventType.Destroy);
        Assert.Equal(markedFlow.Id, destroyedMarked.Id);
        using var third = await ConnectAsync(ns, 7001);
        var next = await NextAsync(events, _ => true);
        Assert.Equal((ConntrackEventType.New, ((IPEndPoint)third.LocalEndPoint!).Port), (next.Type, (int)next.Original.SourcePort));

        await client.SendAsync(new byte[1000]);
        await ConntrackTable.FlushAsync(ns, null);
        var destroyed = await NextAsync(events, e => e.Type == ConntrackEventType.Destroy && e.Id == created.Id);
        Assert.Equal(created.Original, destroyed.Original);
        Assert.True(destroyed.OriginalCounters!.Value.Packets >= 3, $"the handshake's SYN and ACK, then the data: {destroyed.OriginalCounters}");
        Assert.True(destroyed.OriginalCounters!.Value.Bytes > 1000, $"bytes: {destroyed.OriginalCounters}");
        Assert.Equal(0, listener.Overruns);
    }

    [Fact]
    public async Task Subscribing_to_nothing_is_refused() =>
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => ConntrackListener.OpenAsync(null, ConntrackEventType.None));

    /// <summary>Makes the kernel track the namespace's own TCP flows (an nft rule that uses ct), with an extra statement.</summary>
    internal static async Task TrackLoopbackAsync(NetNs ns, string extra)
    {
        var (exit, _, error) = await Shell.InNsAsync(ns.DisplayName, "nft",
            $"add table inet ct-test; add chain inet ct-test out {{ type filter hook output priority 0; }}; add rule inet ct-test out ct state new counter; add rule inet ct-test out {extra}");
        Assert.True(exit == 0, error);
    }

    private static Task<Socket> ListenAsync(NetNs ns, int port) => ns.RunInAsync(() =>
    {
        var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        s.Bind(new IPEndPoint(IPAddress.Loopback, port));
        s.Listen(8);
        return s;
    });

    private static async Task<Socket> ConnectAsync(NetNs ns, int port)
    {
        var socket = await ns.RunInAsync(() => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
        return socket;
    }

    /// <summary>The next event that matches (events before it are skipped).</summary>
    internal static async Task<ConntrackEvent> NextAsync(IAsyncEnumerator<ConntrackEvent> events, Func<ConntrackEvent, bool> match)
    {
        while (await events.MoveNextAsync())
        {
            if (match(events.Current))
            {
                return events.Current;
            }
        }

        throw new InvalidOperationException("the events ended");
    }
}
