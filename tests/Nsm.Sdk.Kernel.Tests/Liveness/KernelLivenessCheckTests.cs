using Nsm.Api.NetworkService;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Kernel.Liveness;
using Nsm.Sdk.Kernel.Namespaces;
using Nsm.Sdk.Kernel.Netlink;
using Nsm.Sdk.Kernel.Tests.Support;

namespace Nsm.Sdk.Kernel.Tests.Liveness;

/// <summary>The NSC's kernel liveness check: ICMP echo from inside the client namespace, link and neighbour fallback.</summary>
public sealed class KernelLivenessCheckTests
{
    [Fact]
    public void Echo_request_has_a_valid_checksum_and_its_reply_is_recognised_with_or_without_an_ip_header()
    {
        byte[] cookie = [1, 2, 3, 4, 5, 6, 7, 8];
        var request = IcmpEcho.Request(v6: false, 7, cookie);
        Assert.Equal(0, IcmpEcho.Checksum(request));

        var reply = (byte[])request.Clone();
        reply[0] = 0;
        Assert.True(IcmpEcho.IsReply(reply, v6: false, cookie));
        byte[] ipHeader = [0x45, .. new byte[19]];
        Assert.True(IcmpEcho.IsReply([.. ipHeader, .. reply], v6: false, cookie));
        Assert.False(IcmpEcho.IsReply(request, v6: false, cookie));
        Assert.False(IcmpEcho.IsReply(reply, v6: false, [9, 9, 9, 9, 9, 9, 9, 9]));
    }

    [Fact]
    public void Only_same_family_pairs_are_probed()
    {
        var connection = Connection("c", "file:///run/netns/x", ["10.0.0.2/24", "fd00::2/64"], ["10.0.0.1/24", "fd00::1/64", "bad"]);
        var pairs = KernelLivenessCheck.Pairs(connection);
        Assert.Equal(2, pairs.Count);
        Assert.All(pairs, p => Assert.Equal(p.Source.AddressFamily, p.Destination.AddressFamily));
    }

    [Fact]
    public async Task Connections_without_kernel_mechanism_or_addresses_are_alive()
    {
        var check = new KernelLivenessCheck();
        Assert.True(await check.CheckAsync(new Connection { Id = "a" }, CancellationToken.None));
        Assert.True(await check.CheckAsync(Connection("b", "file:///run/netns/x", [], ["10.0.0.1/32"]), CancellationToken.None));
    }

    [Fact]
    public async Task Echo_then_icmp_dropped_then_link_deleted()
    {
        await using var scope = new NetNsScope();
        var (client, endpoint, nlEndpoint) = await PairAsync(scope);
        var url = "file://" + client.Path;
        var check = new KernelLivenessCheck(new KernelLivenessOptions { EchoTimeout = TimeSpan.FromMilliseconds(300) });
        using var probe = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        // Echo works: alive, and this connection is now known to let ICMP through.
        Assert.True(await check.CheckAsync(Connection("seen", url, ["10.100.1.2/24"], ["10.100.1.1/24"]), probe.Token));

        // The endpoint drops ICMP (ARP still passes).
        await DropIcmpAsync(endpoint);

        // A connection that never had echo (a path that drops ICMP) is judged by the neighbour entry: alive.
        Assert.True(await check.CheckAsync(Connection("never", url, ["10.100.1.2/24"], ["10.100.1.1/24"]), probe.Token));

        // The one that had echo on this very interface: silence means loss.
        Assert.False(await check.CheckAsync(Connection("seen", url, ["10.100.1.2/24"], ["10.100.1.1/24"]), probe.Token));

        // The veth is gone: dead for both, whatever the history.
        await nlEndpoint.DeleteLinkAsync("nse-1");
        Assert.False(await check.CheckAsync(Connection("never", url, ["10.100.1.2/24"], ["10.100.1.1/24"]), probe.Token));
    }

    [Fact]
    public async Task On_a_path_that_drops_icmp_a_silent_peer_is_seen_within_the_neighbour_timers_not_the_reachable_time()
    {
        await using var scope = new NetNsScope();
        var (client, endpoint, _) = await PairAsync(scope);

        // The kernel trusts a REACHABLE entry for 60 to 180 s here; re-confirming one is quick (1 s, then 2 probes 200 ms apart).
        foreach (var (key, value) in new[] { ("base_reachable_time_ms", "120000"), ("delay_first_probe_time", "1"), ("retrans_time_ms", "200"), ("ucast_solicit", "2") })
        {
            var (code, _, error) = await Shell.InNsAsync(client.DisplayName, "sysctl", "-qw", $"net.ipv4.neigh.nsm-1.{key}={value}");
            Assert.True(code == 0, $"sysctl {key}: {error}");
        }

        // The path drops ICMP: echo never works, ARP passes.
        await DropIcmpAsync(endpoint);
        var check = new KernelLivenessCheck(new KernelLivenessOptions { EchoTimeout = TimeSpan.FromMilliseconds(200) });
        var connection = Connection("fw", "file://" + client.Path, ["10.100.1.2/24"], ["10.100.1.1/24"]);
        using var probe = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        // Alive by the neighbour entry the echo request made the kernel learn; the check sets it back to STALE, so the
        // kernel asks the peer again at the next echo request instead of trusting it for minutes.
        Assert.True(await check.CheckAsync(connection, probe.Token));
        var (_, entry, _) = await Shell.InNsAsync(client.DisplayName, "ip", "neigh", "show", "dev", "nsm-1");
        Assert.Contains("STALE", entry, StringComparison.Ordinal);

        // The peer goes silent (ARP dropped too): the next probes send echo requests, the kernel's probes go unanswered.
        await Shell.InNsAsync(endpoint.DisplayName, "nft", "add", "table", "arp", "lv");
        Assert.Equal(0, (await Shell.InNsAsync(endpoint.DisplayName, "nft", "add", "chain", "arp", "lv", "in", "{ type filter hook input priority 0 ; policy drop ; }")).Exit);
        var started = System.Diagnostics.Stopwatch.StartNew();
        var probes = 0;
        while (probes < 40 && started.Elapsed < TimeSpan.FromSeconds(20) && await check.CheckAsync(connection, probe.Token))
        {
            probes++;
        }

        Assert.True(started.Elapsed < TimeSpan.FromSeconds(8), $"the silent peer was seen after {started.Elapsed.TotalSeconds:F1} s and {probes} probes (the entry would stay REACHABLE for a minute)");
        Assert.False(await check.CheckAsync(connection, probe.Token));
    }

    /// <summary>Client nsm-1 10.100.1.2/24 ↔ endpoint nse-1 10.100.1.1/24, a veth pair between two new namespaces.</summary>
    private static async Task<(NetNs Client, NetNs Endpoint, NetlinkHandle NlEndpoint)> PairAsync(NetNsScope scope)
    {
        var (client, nlClient) = await scope.CreateAsync();
        var (endpoint, nlEndpoint) = await scope.CreateAsync();
        await nlClient.AddLinkAsync(new VethLink("nsm-1", "nse-1") { PeerNamespace = endpoint, Up = true });
        await nlEndpoint.SetLinkUpAsync("nse-1");
        await nlClient.AddAddressAsync("nsm-1", NetlinkPrefix.Parse("10.100.1.2/24"));
        await nlEndpoint.AddAddressAsync("nse-1", NetlinkPrefix.Parse("10.100.1.1/24"));
        return (client, endpoint, nlEndpoint);
    }

    private static async Task DropIcmpAsync(NetNs endpoint)
    {
        await Shell.InNsAsync(endpoint.DisplayName, "nft", "add", "table", "inet", "lv");
        await Shell.InNsAsync(endpoint.DisplayName, "nft", "add", "chain", "inet", "lv", "in", "{ type filter hook input priority 0 ; policy accept ; }");
        var (exit, _, err) = await Shell.InNsAsync(endpoint.DisplayName, "nft", "add", "rule", "inet", "lv", "in", "meta", "l4proto", "icmp", "drop");
        Assert.True(exit == 0, "nft: " + err);
    }

    private static Connection Connection(string id, string netnsUrl, string[] src, string[] dst)
    {
        var mechanism = KernelMechanism.New(netnsUrl);
        KernelMechanism.ToMechanism(mechanism)!.InterfaceName = "nsm-1";
        var ip = new IPContext();
        ip.SrcIpAddrs.Add(src);
        ip.DstIpAddrs.Add(dst);
        return new Connection { Id = id, Mechanism = mechanism, Context = new ConnectionContext { IpContext = ip } };
    }
}
