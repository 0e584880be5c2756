using System.Net.Sockets;
using Nsm.Sdk.Kernel.Netlink;
using Nsm.Sdk.Kernel.Tests.Support;

namespace Nsm.Sdk.Kernel.Tests;

public class VethTests
{
    [Fact]
    public async Task Veth_is_born_in_both_namespaces_with_final_names_and_pings_over_ipv4_and_ipv6()
    {
        await using var scope = new NetNsScope();
        var (a, nlA) = await scope.CreateAsync();
        var (b, nlB) = await scope.CreateAsync();
        using var host = NetlinkHandle.Open();

        await host.AddLinkAsync(new VethLink("nsm-1", "nsm-peer") { Namespace = a, PeerNamespace = b, Mtu = 9000, Up = true });

        await nlB.SetLinkUpAsync("nsm-peer");

        Assert.Null(await host.TryGetLinkAsync("nsm-1"));
        var la = await nlA.GetLinkAsync("nsm-1");
        var lb = await nlB.GetLinkAsync("nsm-peer");
        Assert.Equal("veth", la.Kind);
        Assert.Equal(9000, la.Mtu);
        Assert.Equal(9000, lb.Mtu);
        Assert.True(la.IsUp && lb.IsUp);
        Assert.NotNull(la.Mac);

        await nlA.AddAddressAsync("nsm-1", NetlinkPrefix.Parse("10.100.1.2/24"));
        await nlB.AddAddressAsync("nsm-peer", NetlinkPrefix.Parse("10.100.1.1/24"));
        await nlA.AddAddressAsync("nsm-1", NetlinkPrefix.Parse("fd00:100::2/64"));
        await nlB.AddAddressAsync("nsm-peer", NetlinkPrefix.Parse("fd00:100::1/64"));

        var addrs = await nlA.ListAddressesAsync("nsm-1", AddressFamily.InterNetwork);
        Assert.Contains(addrs, x => x.Prefix == NetlinkPrefix.Parse("10.100.1.2/24"));

        await Shell.AssertPingAsync(a.DisplayName, "10.100.1.1");
        await Shell.AssertPingAsync(b.DisplayName, "10.100.1.2");
        await Shell.AssertPingAsync(a.DisplayName, "fd00:100::1");

        await nlA.DeleteLinkAsync("nsm-1");
        Assert.Null(await nlB.TryGetLinkAsync("nsm-peer"));
    }

    [Fact]
    public async Task Duplicate_name_gives_a_clear_exception()
    {
        await using var scope = new NetNsScope();
        var (a, nlA) = await scope.CreateAsync();
        var (b, _) = await scope.CreateAsync();
        await nlA.AddLinkAsync(new VethLink("nsm-1", "peer-1") { PeerNamespace = b });

        var ex = await Assert.ThrowsAsync<NetlinkException>(() => nlA.AddLinkAsync(new VethLink("nsm-1", "peer-2") { PeerNamespace = b }));

        Assert.StartsWith("RTM_NEWLINK veth nsm-1: File exists (EEXIST)", ex.Message, StringComparison.Ordinal);
        Assert.True(ex.IsAlreadyExists);
        Assert.Equal("nsm-1", ex.Target);
    }

    [Fact]
    public async Task Missing_link_gives_a_clear_exception()
    {
        await using var scope = new NetNsScope();
        var (_, nl) = await scope.CreateAsync();

        var ex = await Assert.ThrowsAsync<NetlinkException>(() => nl.SetLinkUpAsync("nope0"));

        Assert.Contains("nope0", ex.Message, StringComparison.Ordinal);
        Assert.Contains("(ENODEV)", ex.Message, StringComparison.Ordinal);
        Assert.True(ex.IsNotFound);
    }
}
