using System.Net;
using Nsm.Sdk.Kernel.Configuration;
using Nsm.Sdk.Kernel.Netlink;
using Nsm.Sdk.Kernel.Tests.Support;

namespace Nsm.Sdk.Kernel.Tests;

public class VethPairConfiguratorTests
{
    [Fact]
    public async Task Creates_a_configured_pair_that_pings_and_removes_it()
    {
        await using var scope = new NetNsScope();
        var (pod, podNl) = await scope.CreateAsync();
        var (fwd, fwdNl) = await scope.CreateAsync();
        var config = new VethPairConfig(
            new VethEndConfig(pod, "nsm-1")
            {
                Addresses = [NetlinkPrefix.Parse("10.100.1.2/32")],
                Routes = [new Route { Destination = NetlinkPrefix.Parse("10.100.1.1/32") }, Route.DefaultVia(IPAddress.Parse("10.100.1.1")) with { Table = 100 }],
                Alias = "client-conn1",
            },
            new VethEndConfig(fwd, "icmp-respo-ab1")
            {
                Addresses = [NetlinkPrefix.Parse("10.100.1.1/32")],
                Routes = [new Route { Destination = NetlinkPrefix.Parse("10.100.1.2/32") }],
            },
            Mtu: 9000);

        var (c, f) = await VethPairConfigurator.CreateAsync(config);

        Assert.Equal(9000, c.Mtu);
        Assert.Equal(9000, f.Mtu);
        Assert.True(c.IsUp && f.IsUp);
        Assert.Equal("client-conn1", c.Alias);
        var routes = await podNl.ListRoutesAsync(table: 100);
        Assert.Contains(routes, r => r.Destination is null && Equals(r.Gateway, IPAddress.Parse("10.100.1.1")));
        await Shell.AssertPingAsync(pod.DisplayName, "10.100.1.1");
        await Shell.AssertPingAsync(fwd.DisplayName, "10.100.1.2");

        Assert.True(await VethPairConfigurator.RemoveAsync(config));
        Assert.Null(await podNl.TryGetLinkAsync("nsm-1"));
        Assert.Null(await fwdNl.TryGetLinkAsync("icmp-respo-ab1"));
        Assert.False(await VethPairConfigurator.RemoveAsync(config));
    }

    [Fact]
    public async Task Failure_after_creation_removes_the_pair_again()
    {
        await using var scope = new NetNsScope();
        var (pod, podNl) = await scope.CreateAsync();
        var (fwd, _) = await scope.CreateAsync();
        var config = new VethPairConfig(
            new VethEndConfig(pod, "nsm-1") { Routes = [new Route { Destination = NetlinkPrefix.Parse("10.9.0.0/16"), Device = "missing0" }] },
            new VethEndConfig(fwd, "fwd-1"));

        var ex = await Assert.ThrowsAsync<NetlinkException>(() => VethPairConfigurator.CreateAsync(config));

        Assert.Contains("missing0", ex.Message, StringComparison.Ordinal);
        Assert.Null(await podNl.TryGetLinkAsync("nsm-1"));
    }
}
