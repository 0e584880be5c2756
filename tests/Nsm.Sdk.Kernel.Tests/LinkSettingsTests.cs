using System.Net.NetworkInformation;
using Nsm.Sdk.Kernel.Netlink;
using Nsm.Sdk.Kernel.Tests.Support;

namespace Nsm.Sdk.Kernel.Tests;

public class LinkSettingsTests
{
    [Fact]
    public async Task Up_down_mtu_rename_alias_mac_master_and_oper_state()
    {
        await using var scope = new NetNsScope();
        var (a, nl) = await scope.CreateAsync();
        await nl.AddLinkAsync(new VethLink("v0", "v1") { Namespace = a, PeerNamespace = a });
        await nl.AddLinkAsync(new BridgeLink("br0"));

        Assert.False((await nl.GetLinkAsync("v0")).IsUp);
        await nl.SetLinkUpAsync("v0");
        await nl.SetLinkUpAsync("v1");
        await nl.SetMtuAsync("v0", 1400);
        await nl.SetAliasAsync("v0", "veth-client-1");
        await nl.SetMacAsync("v0", PhysicalAddress.Parse("02-11-22-33-44-55"));
        await nl.SetMasterAsync("v1", "br0");
        var v0 = await nl.GetLinkAsync("v0");
        var v1 = await nl.GetLinkAsync("v1");

        Assert.True(v0.IsUp);
        Assert.Equal(1400, v0.Mtu);
        Assert.Equal("veth-client-1", v0.Alias);
        Assert.Equal(PhysicalAddress.Parse("02-11-22-33-44-55"), v0.Mac);
        Assert.Equal(LinkOperState.Up, v0.OperState);
        Assert.Equal((await nl.GetLinkAsync("br0")).Index, v1.MasterIndex);
        Assert.Equal(v1.Index, v0.ParentIndex);
        Assert.Equal(v0, await nl.GetLinkByIndexAsync(v0.Index));

        await nl.SetNoMasterAsync("v1");
        await nl.SetLinkDownAsync("v1");
        Assert.Equal(LinkOperState.LowerLayerDown, (await nl.GetLinkAsync("v0")).OperState);
        Assert.Null((await nl.GetLinkAsync("v1")).MasterIndex);
        await nl.RenameLinkAsync("v1", "renamed1");
        Assert.Null(await nl.TryGetLinkAsync("v1"));
        Assert.Equal(v1.Index, (await nl.GetLinkAsync("renamed1")).Index);

        var names = (await nl.ListLinksAsync()).Select(l => l.Name).ToList();
        Assert.Equal(["br0", "lo", "renamed1", "v0"], names.Order());

        Assert.True(await nl.DeleteLinkIfExistsAsync("v0"));
        Assert.False(await nl.DeleteLinkIfExistsAsync("v0"));
        var ex = await Assert.ThrowsAsync<NetlinkException>(() => nl.DeleteLinkAsync("v0"));
        Assert.Equal("RTM_DELLINK v0: No such device (ENODEV)", ex.Message);
    }

    [Fact]
    public async Task Link_moves_to_another_namespace()
    {
        await using var scope = new NetNsScope();
        var (a, nlA) = await scope.CreateAsync();
        var (b, nlB) = await scope.CreateAsync();
        await nlA.AddLinkAsync(new VethLink("m0", "m1") { Namespace = a, PeerNamespace = a });

        await nlA.MoveToNamespaceAsync("m1", b);

        Assert.Null(await nlA.TryGetLinkAsync("m1"));
        Assert.NotNull(await nlB.TryGetLinkAsync("m1"));
    }

    [Fact]
    public async Task Macvlan_in_bridge_mode_stacks_on_a_parent()
    {
        await using var scope = new NetNsScope();
        var (a, nl) = await scope.CreateAsync();
        await nl.AddLinkAsync(new VethLink("p0", "p1") { Namespace = a, PeerNamespace = a, Up = true });
        var parent = await nl.GetLinkAsync("p0");

        await nl.AddLinkAsync(new MacvlanLink("mv0", parent.Index) { Mode = MacvlanMode.Bridge, Up = true });

        var mv = await nl.GetLinkAsync("mv0");
        Assert.Equal("macvlan", mv.Kind);
        Assert.Equal(parent.Index, mv.ParentIndex);
        var (_, details, _) = await Shell.InNsAsync(a.DisplayName, "ip", "-d", "link", "show", "mv0");
        Assert.Contains("macvlan mode bridge", details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tap_device_is_created_in_a_namespace_and_deleted_with_netlink()
    {
        await using var scope = new NetNsScope();
        var (a, nl) = await scope.CreateAsync();

        await TapDevice.CreateAsync(a, "tap0");
        await nl.SetLinkUpAsync("tap0");

        var tap = await nl.GetLinkAsync("tap0");
        Assert.Equal("tun", tap.Kind);
        Assert.NotNull(tap.Mac);
        var dup = await Assert.ThrowsAsync<KernelException>(() => TapDevice.CreateAsync(a, "tap0", tun: true));
        Assert.Contains("tap0", dup.Message, StringComparison.Ordinal);
        await nl.DeleteLinkAsync("tap0");
        Assert.Null(await nl.TryGetLinkAsync("tap0"));
    }
}
