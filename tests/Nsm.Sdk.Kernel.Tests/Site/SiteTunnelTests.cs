using System.Net;
using Nsm.Sdk.Common.SiteTunnel;
using Nsm.Sdk.Kernel.Netlink;
using Nsm.Sdk.Kernel.Site;
using Nsm.Sdk.Kernel.Tests.Support;
using Nsm.Sdk.Kernel.WireGuard;
using Xunit.Abstractions;

namespace Nsm.Sdk.Kernel.Tests.Site;

/// <summary>
/// The guide's nsm-config tunnel between two clusters, each a gateway namespace with its cluster network behind it:
/// gateway A (203.0.113.10) and gateway B (203.0.113.50) on a "site" veth; A's cluster network 172.31.221.0/24 holds a
/// member node (172.31.221.2) that routes through A; B's cluster network is an address on B's loopback (172.31.222.1). The member reaches
/// B's network only through the WireGuard tunnel, and nothing is left after the tunnel goes.
/// </summary>
public sealed class SiteTunnelTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_member_node_reaches_the_other_cluster_through_the_tunnel_and_everything_goes_with_it()
    {
        await using var scope = new NetNsScope();
        var (gwA, nlA) = await scope.CreateAsync();
        var (gwB, nlB) = await scope.CreateAsync();
        var (member, nlM) = await scope.CreateAsync();
        await nlA.AddLinkAsync(new VethLink("site0", "site0") { Namespace = gwA, PeerNamespace = gwB, Up = true });
        await nlB.SetLinkUpAsync("site0");
        await nlA.AddAddressAsync("site0", NetlinkPrefix.Parse("203.0.113.10/24"));
        await nlB.AddAddressAsync("site0", NetlinkPrefix.Parse("203.0.113.50/24"));
        await nlA.AddLinkAsync(new VethLink("eth0", "eth0") { Namespace = gwA, PeerNamespace = member, Up = true });
        await nlM.SetLinkUpAsync("eth0");
        await nlA.AddAddressAsync("eth0", NetlinkPrefix.Parse("172.31.221.1/24"));
        await nlM.AddAddressAsync("eth0", NetlinkPrefix.Parse("172.31.221.2/24"));
        await nlB.AddAddressAsync("lo", NetlinkPrefix.Parse("172.31.222.1/32"));
        await Shell.InNsAsync(gwA.DisplayName, "sysctl", "-qw", "net.ipv4.ip_forward=1");

        var keyA = WireGuardKey.Generate();
        var keyB = WireGuardKey.Generate();
        var suffix = Guid.NewGuid().ToString("N")[..6];
        await using var tunnelA = new SiteTunnel(new SiteTunnelOptions { DeviceName = "nsmsa" + suffix, NetNsPath = gwA.Path });
        await using var tunnelB = new SiteTunnel(new SiteTunnelOptions { DeviceName = "nsmsb" + suffix, NetNsPath = gwB.Path });
        var toB = Settings(keyA, keyB.PublicKey, "203.0.113.50:51820", "172.31.222.0/24", "tcp://172.31.222.1:5001");
        Assert.Null(await tunnelA.ApplyAsync(toB));
        Assert.Null(await tunnelB.ApplyAsync(Settings(keyB, keyA.PublicKey, "203.0.113.10:51820", "172.31.221.0/24", null)));
        await using var memberRoutes = new SiteMemberRoutes(IPAddress.Parse("172.31.221.1"), netNsPath: member.Path);
        Assert.Null(await memberRoutes.ApplyAsync(toB));
        output.WriteLine(tunnelA.State);

        Assert.StartsWith("up: nsmsa" + suffix, tunnelA.State, StringComparison.Ordinal);
        Assert.Equal([NetlinkPrefix.Parse("172.31.222.0/24")], memberRoutes.Routes);
        await PingEventuallyAsync(member.DisplayName, "172.31.222.1");
        Assert.Contains("latest handshake", await tunnelA.DescribeAsync(), StringComparison.Ordinal);
        Assert.Null(await tunnelA.ApplyAsync(toB)); // unchanged: nothing is made again
        Assert.Contains("latest handshake", await tunnelA.DescribeAsync(), StringComparison.Ordinal);

        Assert.Null(await tunnelA.ApplyAsync(null));
        Assert.Null(await memberRoutes.ApplyAsync(null));
        Assert.Equal("none", tunnelA.State);
        Assert.Null(await nlA.TryGetLinkAsync("nsmsa" + suffix));
        Assert.Empty((await Shell.InNsAsync(member.DisplayName, "ip", "route", "show", "172.31.222.0/24")).Out.Trim());
        await Shell.AssertNoPingAsync(member.DisplayName, "172.31.222.1");
    }

    [Fact]
    public async Task An_unreachable_or_unresolvable_peer_fails_with_its_reason_and_leaves_nothing()
    {
        await using var scope = new NetNsScope();
        var (gw, nl) = await scope.CreateAsync();
        var name = "nsmsf" + Guid.NewGuid().ToString("N")[..6];
        await using var tunnel = new SiteTunnel(new SiteTunnelOptions { DeviceName = name, NetNsPath = gw.Path });

        var problem = await tunnel.ApplyAsync(Settings(WireGuardKey.Generate(), WireGuardKey.Generate().PublicKey, "no-such-host.invalid:51820", null, null));

        Assert.StartsWith("failed: ", problem, StringComparison.Ordinal);
        Assert.Equal(problem, tunnel.State);
        Assert.Null(await nl.TryGetLinkAsync(name));
        Assert.False(WireGuard.WireGuardNodes.WireGuardGoRuns(name));
    }

    private static SiteTunnelSettings Settings(WireGuardKey key, WireGuardKey peer, string endpoint, string? route, string? registry) =>
        new(key.ToBase64(), peer.ToString(), endpoint)
        {
            Routes = route is null ? [] : [IPNetwork.Parse(route)],
            RegistryUrl = registry is null ? null : new Uri(registry),
        };

    private static async Task PingEventuallyAsync(string ns, string address)
    {
        for (var i = 0; i < 10; i++)
        {
            if ((await Shell.InNsAsync(ns, "ping", "-c", "1", "-W", "1", address)).Exit == 0)
            {
                return;
            }
        }

        await Shell.AssertPingAsync(ns, address);
    }
}
