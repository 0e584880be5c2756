using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using Nsm.Sdk.Common.Ipam.SharedSubnetIpam;
using Nsm.Sdk.Core;
using Nsm.Sdk.Ipam;
using static Nsm.Sdk.Tests.Common.Ipam.IpamTestKit;

namespace Nsm.Sdk.Tests.Common.Ipam;

public class SharedSubnetIpamServerTests
{
    [Fact]
    public async Task Clients_get_one_address_with_the_subnet_length_and_the_connected_route_never_the_gateway()
    {
        var server = new SharedSubnetIpamServer(new SharedSubnetIpamOptions { Prefixes = ["10.200.0.0/24"] });
        var c1 = await RequestIp(server, "c1");
        Assert.Equal(["10.200.0.2/24"], c1.SrcIpAddrs);
        Assert.Empty(c1.DstIpAddrs);
        Assert.Equal(["10.200.0.0/24"], RoutePrefixes(c1.SrcRoutes));
        Assert.Empty(c1.SrcRoutes[0].NextHop);
        Assert.Equal("10.200.0.1", Assert.Single(server.Allocator.Gateways).ToString());
        Assert.Equal(["10.200.0.3/24"], (await RequestIp(server, "c2")).SrcIpAddrs);
    }

    [Fact]
    public async Task Addresses_that_answer_the_probe_are_skipped_and_stay_free_for_a_later_look()
    {
        var probe = new ScriptedProbe("10.200.0.2", "10.200.0.3");
        var server = new SharedSubnetIpamServer(new SharedSubnetIpamOptions { Prefixes = ["10.200.0.0/24"], Probe = probe });
        Assert.Equal(["10.200.0.4/24"], (await RequestIp(server, "c1")).SrcIpAddrs);
        Assert.Equal(["10.200.0.2", "10.200.0.3", "10.200.0.4"], probe.Asked);

        probe.InUse.Clear(); // the outside hosts left
        Assert.Equal(["10.200.0.2/24"], (await RequestIp(server, "c2")).SrcIpAddrs);
    }

    [Fact]
    public async Task Refresh_keeps_the_address_without_probing_and_close_frees_it()
    {
        var probe = new ScriptedProbe();
        var server = new SharedSubnetIpamServer(new SharedSubnetIpamOptions { Prefixes = ["10.200.0.0/24"], Probe = probe });
        var request = Request("c1");
        await RequestIp(server, request);
        Assert.Equal(["10.200.0.2/24"], (await RequestIp(server, request)).SrcIpAddrs);
        Assert.Single(probe.Asked);

        await Close(server, "c1");
        Assert.Equal(0, server.Allocator.Count);
        Assert.Equal(["10.200.0.2/24"], (await RequestIp(server, "c2")).SrcIpAddrs);
    }

    [Fact]
    public async Task A_client_holding_a_free_address_gets_it_back_unless_a_stranger_answers_for_it()
    {
        var probe = new ScriptedProbe("10.200.0.66");
        var server = new SharedSubnetIpamServer(new SharedSubnetIpamOptions { Prefixes = ["10.200.0.0/24"], Probe = probe });
        var request = Request("c1");
        request.Connection.Context.IpContext.SrcIpAddrs.Add("10.200.0.77/24"); // e.g. after the endpoint restarted
        Assert.Equal(["10.200.0.77/24"], (await RequestIp(server, request)).SrcIpAddrs);
        Assert.Equal(["10.200.0.77"], probe.Asked);

        var claims = Request("c2");
        claims.Connection.Context.IpContext.SrcIpAddrs.Add("10.200.0.66/24"); // an outside host has it
        Assert.Equal(["10.200.0.2/24"], (await RequestIp(server, claims)).SrcIpAddrs);
    }

    [Fact]
    public async Task Exclusions_gateway_and_extra_routes_are_configurable()
    {
        var server = new SharedSubnetIpamServer(new SharedSubnetIpamOptions
        {
            Prefixes = ["10.200.0.0/24"],
            Gateways = ["10.200.0.254"],
            Excluded = ["10.200.0.0/28", "10.200.0.20"],
            Routes = ["0.0.0.0/0"],
        });
        var ip = await RequestIp(server, "c1");
        Assert.Equal(["10.200.0.16/24"], ip.SrcIpAddrs);
        Assert.Equal(["10.200.0.0/24", "0.0.0.0/0"], RoutePrefixes(ip.SrcRoutes));
        Assert.Equal("10.200.0.254", ip.SrcRoutes[1].NextHop);
    }

    [Fact]
    public async Task Dual_stack_gives_both_families_and_routes_for_both()
    {
        var server = new SharedSubnetIpamServer(new SharedSubnetIpamOptions { Prefixes = ["10.200.0.0/24", "fd00:200::/64"], Routes = ["10.0.0.0/8", "fd00::/16"] });
        var ip = await RequestIp(server, "c1");
        Assert.Equal(["10.200.0.2/24", "fd00:200::2/64"], ip.SrcIpAddrs);
        Assert.Equal(["10.200.0.0/24", "fd00:200::/64", "10.0.0.0/8", "fd00::/16"], RoutePrefixes(ip.SrcRoutes));
        Assert.Equal(["", "", "10.200.0.1", "fd00:200::1"], ip.SrcRoutes.Select(r => r.NextHop));
    }

    [Fact]
    public async Task Exhausted_pool_is_resource_exhausted_naming_the_subnet_and_what_holds_it()
    {
        var probe = new ScriptedProbe("10.200.0.3");
        var server = new SharedSubnetIpamServer(new SharedSubnetIpamOptions { Prefixes = ["10.200.0.0/29"], Excluded = ["10.200.0.4/31", "10.200.0.6"], Probe = probe });
        await RequestIp(server, "c1"); // .2; .3 answers; .4-.6 excluded; .7 broadcast
        var error = await Assert.ThrowsAsync<NsmStatusException>(() => RequestIp(server, "c2"));
        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Contains("10.200.0.0/29", error.Message, StringComparison.Ordinal);
        Assert.Contains("1 handed out to clients, 1 in use on the network", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_first_request_frees_the_address()
    {
        var server = new SharedSubnetIpamServer(new SharedSubnetIpamOptions { Prefixes = ["10.200.0.0/24"] });
        await Assert.ThrowsAsync<InvalidOperationException>(() => new NetworkServiceServerChain(server, new FailingTail()).RequestAsync(Request("c1"), new NsmContext()).AsTask());
        Assert.Equal(0, server.Allocator.Count);
    }

    [Fact]
    public async Task Concurrent_requests_never_probe_or_get_the_same_candidate()
    {
        var clock = new FakeTimeProvider();
        var probe = new SlowProbe(clock, TimeSpan.FromMilliseconds(300));
        var server = new SharedSubnetIpamServer(new SharedSubnetIpamOptions { Prefixes = ["10.200.0.0/24"], Probe = probe });
        var all = Enumerable.Range(0, 5).Select(i => RequestIp(server, $"c{i}")).ToList();
        while (probe.Pending < 5)
        {
            await Task.Yield();
        }

        Assert.All(all, t => Assert.False(t.IsCompleted)); // nothing is handed out before its probe ended
        clock.Advance(TimeSpan.FromMilliseconds(300));
        var addresses = (await Task.WhenAll(all)).Select(ip => Assert.Single(ip.SrcIpAddrs)).ToList();
        Assert.Equal(5, addresses.Distinct().Count());
        Assert.Equal(5, probe.Asked.Distinct().Count());
    }

    [Theory]
    [InlineData("10.200.0.0/31")]
    [InlineData("nonsense")]
    public void Bad_subnets_are_rejected_naming_the_value(string prefix)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => new SharedSubnetIpamOptions { Prefixes = [prefix] }.Validate());
        Assert.Contains(prefix, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_gateway_outside_the_subnets_or_a_route_without_a_subnet_of_its_family_is_rejected()
    {
        Assert.Contains("10.9.9.9", Assert.ThrowsAny<ArgumentException>(() => new SharedSubnetIpamOptions { Prefixes = ["10.200.0.0/24"], Gateways = ["10.9.9.9"] }.Validate()).Message, StringComparison.Ordinal);
        Assert.Contains("::/0", Assert.ThrowsAny<ArgumentException>(() => new SharedSubnetIpamOptions { Prefixes = ["10.200.0.0/24"], Routes = ["::/0"] }.Validate()).Message, StringComparison.Ordinal);
    }

    /// <summary>Answers for a fixed set of addresses, at once.</summary>
    private sealed class ScriptedProbe(params string[] inUse) : IAddressProbe
    {
        public HashSet<string> InUse { get; } = [.. inUse];

        public List<string> Asked { get; } = [];

        public ValueTask<bool> IsInUseAsync(IpAddr address, CancellationToken cancellationToken)
        {
            lock (Asked)
            {
                Asked.Add(address.ToString());
            }

            return ValueTask.FromResult(InUse.Contains(address.ToString()));
        }
    }

    /// <summary>Takes <paramref name="duration"/> of the fake clock per probe; nobody answers.</summary>
    private sealed class SlowProbe(TimeProvider clock, TimeSpan duration) : IAddressProbe
    {
        private int _pending;

        public int Pending => Volatile.Read(ref _pending);

        public List<string> Asked { get; } = [];

        public async ValueTask<bool> IsInUseAsync(IpAddr address, CancellationToken cancellationToken)
        {
            lock (Asked)
            {
                Asked.Add(address.ToString());
            }

            var wait = Task.Delay(duration, clock, cancellationToken);
            Interlocked.Increment(ref _pending);
            await wait;
            return false;
        }
    }
}
