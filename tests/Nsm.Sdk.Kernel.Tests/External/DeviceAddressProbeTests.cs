using Nsm.Sdk.Common.Ipam.SharedSubnetIpam;
using Nsm.Sdk.Ipam;
using Nsm.Sdk.Kernel.External;
using Nsm.Sdk.Kernel.Netlink;
using Nsm.Sdk.Kernel.Tests.Support;

namespace Nsm.Sdk.Kernel.Tests.External;

/// <summary>ARP probes and DAD on a real link: a test namespace "outside" behind a veth holds some addresses (root).</summary>
public sealed class DeviceAddressProbeTests
{
    [Fact]
    public async Task An_address_a_host_on_the_link_holds_is_in_use_a_free_one_is_not_both_families()
    {
        await using var scope = new NetNsScope();
        var (host, _) = await OutsideAsync(scope);
        var probe = new DeviceAddressProbe(new DeviceAddressProbeOptions { Device = "ext0", Namespace = host });

        Assert.True(await probe.IsInUseAsync(IpAddr.Parse("10.200.0.2"), CancellationToken.None));
        Assert.False(await probe.IsInUseAsync(IpAddr.Parse("10.200.0.3"), CancellationToken.None));
        Assert.True(await probe.IsInUseAsync(IpAddr.Parse("fd00:200::2"), CancellationToken.None));
        Assert.False(await probe.IsInUseAsync(IpAddr.Parse("fd00:200::3"), CancellationToken.None));
    }

    [Fact]
    public async Task The_devices_own_address_is_in_use()
    {
        await using var scope = new NetNsScope();
        var (host, hostNl) = await OutsideAsync(scope);
        await hostNl.ReplaceAddressAsync("ext0", NetlinkPrefix.Parse("10.200.0.254/24"));
        var probe = new DeviceAddressProbe(new DeviceAddressProbeOptions { Device = "ext0", Namespace = host });
        Assert.True(await probe.IsInUseAsync(IpAddr.Parse("10.200.0.254"), CancellationToken.None));
    }

    [Fact]
    public async Task The_ipam_skips_the_address_the_outside_host_answers_for_and_the_device_stays_as_it_was()
    {
        await using var scope = new NetNsScope();
        var (host, hostNl) = await OutsideAsync(scope);
        var before = await hostNl.GetLinkAsync("ext0");
        var allocator = new SharedSubnetAllocator(new SharedSubnetIpamOptions
        {
            Prefixes = ["10.200.0.0/24"],
            Probe = new DeviceAddressProbe(new DeviceAddressProbeOptions { Device = "ext0", Namespace = host }),
        });

        var lease = (await allocator.AllocateAsync("c1", null, ExcludedPrefixes.Empty, CancellationToken.None)).Lease;

        Assert.Equal("10.200.0.3/24", Assert.Single(lease.SrcAddresses).ToString()); // .1 gateway, .2 answered
        var after = await hostNl.GetLinkAsync("ext0");
        Assert.Equal((before.Mac, before.IsUp, before.Mtu), (after.Mac, after.IsUp, after.Mtu));
        Assert.Empty(await hostNl.ListAddressesAsync("ext0", System.Net.Sockets.AddressFamily.InterNetwork));
    }

    [Fact]
    public async Task A_missing_device_is_an_ipam_error_naming_it()
    {
        await using var scope = new NetNsScope();
        var (host, _) = await scope.CreateAsync();
        var probe = new DeviceAddressProbe(new DeviceAddressProbeOptions { Device = "nosuch0", Namespace = host });
        var error = await Assert.ThrowsAsync<IpamException>(async () => await probe.IsInUseAsync(IpAddr.Parse("10.200.0.3"), CancellationToken.None));
        Assert.Contains("nosuch0", error.Message, StringComparison.Ordinal);
    }

    // The NSE's namespace with "ext0" up and no address; its peer in "outside" holds 10.200.0.2/24 and fd00:200::2/64.
    private static async Task<(Namespaces.NetNs Host, NetlinkHandle HostNl)> OutsideAsync(NetNsScope scope)
    {
        var (host, hostNl) = await scope.CreateAsync();
        var (outside, outsideNl) = await scope.CreateAsync();
        await hostNl.AddLinkAsync(new VethLink("ext0", "wire0") { PeerNamespace = outside });
        await hostNl.SetLinkUpAsync("ext0");
        await outsideNl.ReplaceAddressAsync("wire0", NetlinkPrefix.Parse("10.200.0.2/24"));
        await Shell.InNsAsync(outside.DisplayName, "ip", "-6", "addr", "add", "fd00:200::2/64", "dev", "wire0", "nodad");
        await outsideNl.SetLinkUpAsync("wire0");
        await Shell.WaitForIPv6Async(outside.DisplayName, "wire0");
        return (host, hostNl);
    }
}
