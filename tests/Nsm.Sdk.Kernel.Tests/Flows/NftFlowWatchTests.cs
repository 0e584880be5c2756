using Microsoft.Extensions.Logging.Abstractions;
using Nsm.Sdk.Acl;
using Nsm.Sdk.Kernel.Conntrack;
using Nsm.Sdk.Kernel.Flows;
using Nsm.Sdk.Kernel.Passthrough;
using Nsm.Sdk.Kernel.Tests.Acl;
using Nsm.Sdk.Kernel.Tests.Conntrack;
using Nsm.Sdk.Kernel.Tests.Support;

namespace Nsm.Sdk.Kernel.Tests.Flows;

/// <summary>A passthrough IDS: bridged flows reported by conntrack, a signature's flows dropped and listed (runs as root).</summary>
public sealed class NftFlowWatchTests
{
    [Fact]
    public async Task Bridged_flows_are_reported_signature_flows_dropped_and_listed_and_nothing_is_left()
    {
        await using var path = await FirewallPath.CreateBridgedAsync(80, 443, 22);
        await using var xconnect = new KernelXconnect(new KernelXconnectOptions { NetNsPath = path.Firewall.Path });
        var signatures = FirewallRules.Parse("deny tcp any any port 22\ndeny icmp any any", "NSM_IDS_DROP");
        await using var watch = new NftFlowWatch(new FlowWatchOptions { NetNsPath = path.Firewall.Path, TableName = "nsm-ids-test", Signatures = signatures });
        using var listener = await ConntrackListener.OpenAsync(path.Firewall, ConntrackEventType.New | ConntrackEventType.Destroy);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var events = listener.ReadAllAsync(timeout.Token).GetAsyncEnumerator(timeout.Token);

        await xconnect.JoinAsync("conn-1", "r0", "r1", NullLogger.Instance, CancellationToken.None);
        await watch.AddAsync("conn-1", CancellationToken.None);
        await watch.AddAsync("conn-1", CancellationToken.None); // a refresh
        await path.AddIncomingAsync();
        Assert.True(await xconnect.WhenJoinedAsync("conn-1"));
        Assert.Equal("1", (await Shell.InNsAsync(path.Firewall.DisplayName, "sysctl", "-n", "net.netfilter.nf_conntrack_acct")).Out.Trim());

        Assert.True(await FirewallPath.ConnectsAsync(path.Client, "172.31.4.1", 80));
        var web = await ConntrackListenerTests.NextAsync(events, e => e.Type == ConntrackEventType.New && e.Mark == FlowWatchOptions.DefaultMark);
        Assert.Equal("tcp", ConntrackTuple.ProtocolName(web.Original.Protocol));
        Assert.Equal(("172.31.4.2", "172.31.4.1", 80), (web.Original.Source.ToString(), web.Original.Destination.ToString(), (int)web.Original.DestinationPort));
        Assert.True(await FirewallPath.ConnectsAsync(path.Client, "fd31:4::1", 443));
        var web6 = await ConntrackListenerTests.NextAsync(events, e => e.Type == ConntrackEventType.New && e.Mark == FlowWatchOptions.DefaultMark);
        Assert.Equal("fd31:4::1", web6.Original.Destination.ToString());
        Assert.False(await FirewallPath.ConnectsAsync(path.Client, "172.31.4.1", 22, 600), "the signature drops TCP 22");
        await Shell.AssertNoPingAsync(path.Client.DisplayName, "172.31.4.1");

        var reading = await watch.ReadAsync(CancellationToken.None);
        Assert.True(reading.NewFlows >= 2, $"new flows {reading.NewFlows}");
        Assert.True(reading.Signatures[0].Packets >= 1 && reading.Signatures[1].Packets >= 1, string.Join(", ", reading.Signatures));
        var ssh = Assert.Single(reading.Dropped, d => d.Signature == signatures.Rules[0]);
        Assert.Equal(("172.31.4.2", "172.31.4.1", 22), (ssh.Flow.Source.ToString(), ssh.Flow.Destination.ToString(), (int)ssh.Flow.DestinationPort));
        Assert.NotEqual(0, ssh.Flow.SourcePort);
        var ping = Assert.Single(reading.Dropped, d => d.Signature == signatures.Rules[1]);
        Assert.Equal("icmp 172.31.4.2 -> 172.31.4.1 type 8 code 0 id 0", ping.Flow.ToString());
        Assert.Empty((await watch.ReadAsync(CancellationToken.None)).Dropped); // each dropped flow is reported once

        await watch.RemoveAsync("conn-1", CancellationToken.None); // the last one: the table goes, the marked flows end
        var ended = await ConntrackListenerTests.NextAsync(events, e => e.Type == ConntrackEventType.Destroy && e.Id == web.Id);
        Assert.True(ended.TotalCounters!.Value.Packets >= 4, $"the web flow's packets: {ended.TotalCounters}");
        var (_, ruleset, _) = await Shell.InNsAsync(path.Firewall.DisplayName, "nft", "list", "ruleset");
        Assert.Equal(string.Empty, ruleset.Trim());
        Assert.Equal(FlowWatchReading.None, await watch.ReadAsync(CancellationToken.None));
    }

    [Fact]
    public void A_signature_must_drop() =>
        Assert.Throws<ArgumentException>(() => new NftFlowWatch(new FlowWatchOptions { Signatures = FirewallRules.Parse("permit tcp any any port 22") }));
}
