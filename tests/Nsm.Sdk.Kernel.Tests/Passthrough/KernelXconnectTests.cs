using Microsoft.Extensions.Logging.Abstractions;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Acl;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Common.Connect;
using Nsm.Sdk.Common.MechanismTranslation;
using Nsm.Sdk.Core;
using Nsm.Sdk.Kernel.Acl;
using Nsm.Sdk.Kernel.Passthrough;
using Nsm.Sdk.Kernel.Tests.Acl;
using Nsm.Sdk.Kernel.Tests.Support;

namespace Nsm.Sdk.Kernel.Tests.Passthrough;

/// <summary>A passthrough firewall that bridges its two interfaces, with the ACL on the bridged packets (runs as root).</summary>
public sealed class KernelXconnectTests
{
    private const string GuideRules = "permit tcp any any port 80\npermit tcp any any port 443\ndeny ip any any\n";

    [Fact]
    public async Task Bridged_guide_rules_pass_web_drop_the_rest_count_packets_and_leave_nothing()
    {
        await using var path = await FirewallPath.CreateBridgedAsync(80, 443, 22);
        await using var xconnect = new KernelXconnect(new KernelXconnectOptions { NetNsPath = path.Firewall.Path });
        await using var enforcer = new NftAclEnforcer(FirewallRules.Parse(GuideRules), new NftAclEnforcerOptions { NetNsPath = path.Firewall.Path });

        await xconnect.JoinAsync("conn-1", "r0", "r1", NullLogger.Instance, CancellationToken.None);
        await enforcer.ApplyAsync("conn-1", "r0", CancellationToken.None);
        await path.AddIncomingAsync(); // the caller's forwarder creates r0 after the Request returned
        Assert.True(await xconnect.WhenJoinedAsync("conn-1"));
        await xconnect.JoinAsync("conn-1", "r0", "r1", NullLogger.Instance, CancellationToken.None); // a refresh

        var (_, addresses, _) = await Shell.InNsAsync(path.Firewall.DisplayName, "ip", "-o", "addr", "show", "scope", "global");
        Assert.Equal(string.Empty, addresses.Trim()); // the firewall owns neither end's addresses
        Assert.True(await FirewallPath.ConnectsAsync(path.Client, "172.31.4.1", 80));
        Assert.True(await FirewallPath.ConnectsAsync(path.Client, "172.31.4.1", 443));
        Assert.True(await FirewallPath.ConnectsAsync(path.Client, "fd31:4::1", 80), "IPv6 too");
        Assert.False(await FirewallPath.ConnectsAsync(path.Client, "172.31.4.1", 22, 600));
        Assert.False(await FirewallPath.ConnectsAsync(path.Client, "fd31:4::1", 22, 600));
        await Shell.AssertNoPingAsync(path.Client.DisplayName, "172.31.4.1");
        Assert.False(await FirewallPath.ConnectsAsync(path.Server, "172.31.4.2", 8999, 600), "the far side cannot start flows");

        var counters = await enforcer.ReadCountersAsync(CancellationToken.None);
        Assert.True(Packets(counters, "nsm-in", "line 1:") >= 2); // the SYNs of the two port-80 flows
        Assert.True(Packets(counters, "nsm-in", "line 2:") >= 1);
        Assert.True(Packets(counters, "nsm-in", "line 3:") >= 3); // the SYNs to 22 (v4 + v6) and the ICMP echo
        Assert.True(Packets(counters, "nsm-out", "replies") >= 2); // SYN-ACKs passed by conntrack
        Assert.True(Packets(counters, "forward", "neighbour discovery") >= 1);

        await enforcer.RemoveAsync("conn-1", CancellationToken.None);
        await xconnect.LeaveAsync("conn-1", CancellationToken.None);
        var (_, ruleset, _) = await Shell.InNsAsync(path.Firewall.DisplayName, "nft", "list", "ruleset");
        Assert.Equal(string.Empty, ruleset.Trim());
        var (_, bridges, _) = await Shell.InNsAsync(path.Firewall.DisplayName, "ip", "-o", "link", "show", "type", "bridge");
        Assert.Equal(string.Empty, bridges.Trim());
        Assert.Empty(xconnect.Bridges);
    }

    [Fact]
    public async Task The_bridge_follows_the_connections_mtu_and_a_jumbo_frame_passes_unfragmented()
    {
        await using var path = await FirewallPath.CreateBridgedWithMtuAsync(9000);
        await using var xconnect = new KernelXconnect(new KernelXconnectOptions { NetNsPath = path.Firewall.Path });
        await xconnect.JoinAsync("conn-1", "r0", "r1", NullLogger.Instance, CancellationToken.None);
        await path.AddIncomingAsync();
        Assert.True(await xconnect.WhenJoinedAsync("conn-1"));

        var (_, bridge, _) = await Shell.InNsAsync(path.Firewall.DisplayName, "ip", "-o", "link", "show", "type", "bridge");
        Assert.Contains("mtu 9000", bridge, StringComparison.Ordinal);
        var (exit, output, error) = await Shell.InNsAsync(path.Client.DisplayName, "ping", "-M", "do", "-s", "8972", "-c", "1", "-W", "2", "172.31.4.1");
        Assert.True(exit == 0, output + error);
        await xconnect.LeaveAsync("conn-1", CancellationToken.None);
    }

    [Fact]
    public async Task Chain_joins_after_connect_refuses_without_an_outgoing_interface_and_close_removes_the_bridge()
    {
        await using var path = await FirewallPath.CreateBridgedAsync(80);
        await using var xconnect = new KernelXconnect(new KernelXconnectOptions { NetNsPath = path.Firewall.Path });
        var onward = new OnwardEndpoint("r1");
        var chain = new NetworkServiceServerChain(xconnect.Server, new ConnectServer(new NetworkServiceClientChain(new MechanismTranslationClient(), xconnect.Client, onward)));
        var context = new NsmContext { Metadata = new ConnectionMetadata("conn-2") };

        var conn = await chain.RequestAsync(Request("conn-2", "r0"), context);
        await path.AddIncomingAsync();
        Assert.True(await xconnect.WhenJoinedAsync(conn.Id));
        Assert.True(await FirewallPath.ConnectsAsync(path.Client, "172.31.4.1", 80), "no rules: the bridge passes everything");

        await chain.CloseAsync(conn, context);
        Assert.Equal(1, onward.Closes);
        Assert.Empty(xconnect.Bridges);
        var (_, bridges, _) = await Shell.InNsAsync(path.Firewall.DisplayName, "ip", "-o", "link", "show", "type", "bridge");
        Assert.Equal(string.Empty, bridges.Trim());

        var missing = new NetworkServiceServerChain(xconnect.Server, new ConnectServer(new NetworkServiceClientChain(new MechanismTranslationClient(), xconnect.Client, new OnwardEndpoint("nsm-9"))));
        var e = await Assert.ThrowsAsync<NsmStatusException>(async () => await missing.RequestAsync(Request("conn-3", "r0"), new NsmContext { Metadata = new ConnectionMetadata("conn-3") }));
        Assert.Contains("nsm-9", e.Message, StringComparison.Ordinal);
        Assert.Empty(xconnect.Bridges);
    }

    [Fact]
    public async Task A_Request_its_caller_cancels_after_the_onward_connection_is_up_closes_that_connection()
    {
        // The caller gives up (its deadline) while the onward connection is being set up: without the clean-up Close
        // the onward connection (and the next hop's IPAM address) would stay until its token expired.
        await using var path = await FirewallPath.CreateBridgedAsync(80);
        await using var xconnect = new KernelXconnect(new KernelXconnectOptions { NetNsPath = path.Firewall.Path });
        var onward = new OnwardEndpoint("r1");
        using var caller = new CancellationTokenSource();
        var chain = new NetworkServiceServerChain(xconnect.Server, new CancelAfterNext(caller), new ConnectServer(new NetworkServiceClientChain(new MechanismTranslationClient(), xconnect.Client, onward)));
        var context = new NsmContext(cancellationToken: caller.Token) { Metadata = new ConnectionMetadata("conn-4") };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await chain.RequestAsync(Request("conn-4", "r0"), context));

        Assert.Equal(1, onward.Closes);
        Assert.Empty(xconnect.Bridges);
        var (_, bridges, _) = await Shell.InNsAsync(path.Firewall.DisplayName, "ip", "-o", "link", "show", "type", "bridge");
        Assert.Equal(string.Empty, bridges.Trim());
    }

    private static long Packets(IReadOnlyList<AclRuleCounter> counters, string chain, string prefix) =>
        counters.Single(c => c.Chain == chain && c.Rule.StartsWith(prefix, StringComparison.Ordinal)).Packets;

    private static NetworkServiceRequest Request(string id, string incoming)
    {
        var mechanism = KernelMechanism.New("file:///proc/self/ns/net");
        mechanism.Parameters[KernelMechanism.InterfaceNameKey] = incoming;
        return new NetworkServiceRequest { Connection = new Connection { Id = id, NetworkService = "firewall", Mechanism = mechanism } };
    }

    /// <summary>Cancels the caller's token once the rest of the chain has answered.</summary>
    private sealed class CancelAfterNext(CancellationTokenSource caller) : INetworkServiceServer
    {
        public async ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
        {
            var conn = await next.RequestAsync(request, context);
            await caller.CancelAsync();
            return conn;
        }

        public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next) => next.CloseAsync(connection, context);
    }

    /// <summary>Stands in for the onward connection: the forwarder has created <paramref name="name"/> and answers with it.</summary>
    private sealed class OnwardEndpoint(string name) : INetworkServiceClient
    {
        public int Closes { get; private set; }

        public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
        {
            var conn = request.Connection.Clone();
            var mechanism = KernelMechanism.New("file:///proc/self/ns/net");
            mechanism.Parameters[KernelMechanism.InterfaceNameKey] = name;
            conn.Mechanism = mechanism;
            return ValueTask.FromResult(conn);
        }

        public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
        {
            Closes++;
            return default;
        }
    }
}
