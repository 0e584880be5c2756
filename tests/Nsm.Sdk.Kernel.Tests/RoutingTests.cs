using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Nsm.Sdk.Kernel.Namespaces;
using Nsm.Sdk.Kernel.Netlink;
using Nsm.Sdk.Kernel.Tests.Support;

namespace Nsm.Sdk.Kernel.Tests;

public class RoutingTests
{
    private static async Task LinkAsync(NetNs a, NetlinkHandle nlA, string ifA, string addrA, NetNs b, NetlinkHandle nlB, string ifB, string addrB)
    {
        await nlA.AddLinkAsync(new VethLink(ifA, ifB) { Namespace = a, PeerNamespace = b, Up = true });
        await nlB.SetLinkUpAsync(ifB);
        await nlA.AddAddressAsync(ifA, NetlinkPrefix.Parse(addrA));
        await nlB.AddAddressAsync(ifB, NetlinkPrefix.Parse(addrB));
    }

    [Fact]
    public async Task Routes_through_a_forwarding_namespace_reach_the_far_side()
    {
        await using var scope = new NetNsScope();
        var (a, nlA) = await scope.CreateAsync();
        var (r, nlR) = await scope.CreateAsync();
        var (c, nlC) = await scope.CreateAsync();
        await LinkAsync(a, nlA, "a0", "172.30.1.2/24", r, nlR, "r0", "172.30.1.1/24");
        await LinkAsync(c, nlC, "c0", "172.30.2.2/24", r, nlR, "r1", "172.30.2.1/24");
        await r.WriteSysctlAsync("net.ipv4.ip_forward", "1");

        await Shell.AssertNoPingAsync(a.DisplayName, "172.30.2.2");
        await nlA.AddRouteAsync(new Route { Destination = NetlinkPrefix.Parse("172.30.2.0/24"), Gateway = IPAddress.Parse("172.30.1.1"), Device = "a0" });
        await nlC.ReplaceRouteAsync(Route.DefaultVia(IPAddress.Parse("172.30.2.1"), "c0"));
        await Shell.AssertPingAsync(a.DisplayName, "172.30.2.2");

        var routes = await nlA.ListRoutesAsync(AddressFamily.InterNetwork);
        var link = await nlA.GetLinkAsync("a0");
        Assert.Contains(routes, x => x.Destination == NetlinkPrefix.Parse("172.30.2.0/24") && x.DeviceIndex == link.Index && x.Scope == RouteScope.Universe);
        Assert.Contains(routes, x => x.Destination == NetlinkPrefix.Parse("172.30.1.0/24") && x.Scope == RouteScope.Link);
        var dup = await Assert.ThrowsAsync<NetlinkException>(() =>
            nlA.AddRouteAsync(new Route { Destination = NetlinkPrefix.Parse("172.30.2.0/24"), Gateway = IPAddress.Parse("172.30.1.1"), Device = "a0" }));
        Assert.Contains("RTM_NEWROUTE 172.30.2.0/24 via 172.30.1.1 dev a0: File exists (EEXIST)", dup.Message, StringComparison.Ordinal);

        await nlA.DeleteRouteAsync(new Route { Destination = NetlinkPrefix.Parse("172.30.2.0/24") });
        await Shell.AssertNoPingAsync(a.DisplayName, "172.30.2.2");
    }

    [Fact]
    public async Task Policy_rules_select_a_table_and_can_be_listed_and_deleted()
    {
        await using var scope = new NetNsScope();
        var (a, nlA) = await scope.CreateAsync();
        var (b, nlB) = await scope.CreateAsync();
        await LinkAsync(a, nlA, "a0", "10.60.0.1/24", b, nlB, "b0", "10.60.0.2/24");
        await nlA.AddAddressAsync("lo", NetlinkPrefix.Parse("10.61.0.1/32"));
        await nlB.AddRouteAsync(new Route { Destination = NetlinkPrefix.Parse("10.61.0.1/32"), Gateway = IPAddress.Parse("10.60.0.1") });
        await nlB.AddAddressAsync("lo", NetlinkPrefix.Parse("10.62.0.2/32"));
        var rule = new RoutingRule
        {
            From = NetlinkPrefix.Parse("10.61.0.1/32"),
            Table = 1000,
            Priority = 100,
        };
        var tcpRule = rule with { Priority = 101, IpProtocol = 6, DestinationPorts = PortRange.Parse("6667-6670"), SourcePorts = PortRange.Of(80) };

        await Shell.AssertNoPingAsync(a.DisplayName, "10.62.0.2", source: "10.61.0.1");
        await nlA.AddRouteAsync(new Route { Destination = NetlinkPrefix.Parse("10.62.0.0/24"), Gateway = IPAddress.Parse("10.60.0.2"), Device = "a0", Table = 1000, OnLink = true });
        await nlA.AddRuleAsync(rule);
        await nlA.AddRuleAsync(tcpRule);
        var (_, shown, _) = await Shell.InNsAsync(a.DisplayName, "ip", "rule", "show");

        Assert.Contains("101:\tfrom 10.61.0.1 ipproto tcp sport 80 dport 6667-6670 lookup 1000", shown, StringComparison.Ordinal);
        var rules = await nlA.ListRulesAsync(AddressFamily.InterNetwork);
        Assert.Contains(rules, x => x.Priority == 101 && x.IpProtocol == 6 && x.DestinationPorts == new PortRange(6667, 6670) && x.Table == 1000);
        Assert.Single(await nlA.ListRoutesAsync(table: 1000));
        await Shell.AssertPingAsync(a.DisplayName, "10.62.0.2", source: "10.61.0.1"); // only table 1000 has the route
        await Assert.ThrowsAsync<NetlinkException>(() => nlA.AddRuleAsync(rule));

        await nlA.DeleteRuleAsync(tcpRule);
        await nlA.DeleteRuleAsync(rule);
        Assert.DoesNotContain(await nlA.ListRulesAsync(), x => x.Table == 1000);
        await Shell.AssertNoPingAsync(a.DisplayName, "10.62.0.2", source: "10.61.0.1");
    }

    [Fact]
    public async Task Neighbours_are_added_replaced_listed_and_deleted()
    {
        await using var scope = new NetNsScope();
        var (a, nlA) = await scope.CreateAsync();
        var (b, nlB) = await scope.CreateAsync();
        await LinkAsync(a, nlA, "a0", "10.70.0.1/24", b, nlB, "b0", "10.70.0.2/24");
        var peerMac = (await nlB.GetLinkAsync("b0")).Mac!;
        var neighbor = new Neighbor("a0", IPAddress.Parse("10.70.0.2"), peerMac);

        await nlA.AddNeighborAsync(neighbor);
        await Assert.ThrowsAsync<NetlinkException>(() => nlA.AddNeighborAsync(neighbor));
        await nlA.ReplaceNeighborAsync(neighbor with { Mac = PhysicalAddress.Parse("02-00-00-00-00-99") });
        var list = await nlA.ListNeighborsAsync("a0");
        Assert.Contains(list, n => n.Address.Equals(IPAddress.Parse("10.70.0.2")) && n.Mac!.Equals(PhysicalAddress.Parse("02-00-00-00-00-99")) && n.State == NeighborState.Permanent);
        await Shell.AssertNoPingAsync(a.DisplayName, "10.70.0.2");
        await nlA.ReplaceNeighborAsync(neighbor);
        await Shell.AssertPingAsync(a.DisplayName, "10.70.0.2");

        await nlA.DeleteNeighborAsync(neighbor);
        Assert.DoesNotContain(await nlA.ListNeighborsAsync("a0"), n => n.State == NeighborState.Permanent);
    }
}
