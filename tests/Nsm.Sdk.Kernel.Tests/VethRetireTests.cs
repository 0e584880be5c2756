using Nsm.Sdk.Kernel.Configuration;
using Nsm.Sdk.Kernel.Netlink;
using Nsm.Sdk.Kernel.Tests.Support;

namespace Nsm.Sdk.Kernel.Tests;

/// <summary>Retiring a pair (down + temporary names) frees its names at once; deleting it later removes both ends.</summary>
public class VethRetireTests
{
    [Fact]
    public async Task Retire_frees_both_names_at_once_and_stops_traffic_then_delete_removes_both_ends()
    {
        await using var scope = new NetNsScope();
        var (pod, podNl) = await scope.CreateAsync();
        var (fwd, fwdNl) = await scope.CreateAsync();
        var config = Config(pod, fwd);
        await VethPairConfigurator.CreateAsync(config);
        await Shell.AssertPingAsync(pod.DisplayName, "10.100.7.1");

        var retired = await VethPairConfigurator.RetireAsync(config);

        Assert.Null(await podNl.TryGetLinkAsync("nsm-1"));
        Assert.Null(await fwdNl.TryGetLinkAsync("nse-1"));
        Assert.StartsWith("nsmdel-", retired.ClientName, StringComparison.Ordinal);
        Assert.StartsWith("nsmdel-", retired.ForwarderName, StringComparison.Ordinal);
        Assert.False((await podNl.GetLinkAsync(retired.ClientName!)).IsUp);
        await Shell.AssertNoPingAsync(pod.DisplayName, "10.100.7.1");

        // The same names work again while the retired pair still exists.
        await VethPairConfigurator.CreateAsync(config);
        await Shell.AssertPingAsync(pod.DisplayName, "10.100.7.1");

        Assert.True(await VethPairConfigurator.DeleteRetiredAsync(retired));
        Assert.Null(await podNl.TryGetLinkAsync(retired.ClientName!));
        Assert.Null(await fwdNl.TryGetLinkAsync(retired.ForwarderName!));
        Assert.False(await VethPairConfigurator.DeleteRetiredAsync(retired));

        // Deleting the retired pair left the new one (same addresses) working.
        await Shell.AssertPingAsync(pod.DisplayName, "10.100.7.1");
        Assert.True(await VethPairConfigurator.RemoveAsync(config));
    }

    [Fact]
    public async Task Retire_skips_ends_that_are_gone()
    {
        await using var scope = new NetNsScope();
        var (pod, _) = await scope.CreateAsync();
        var (fwd, _) = await scope.CreateAsync();

        var retired = await VethPairConfigurator.RetireAsync(Config(pod, fwd));

        Assert.True(retired.IsEmpty);
        Assert.False(await VethPairConfigurator.DeleteRetiredAsync(retired));
    }

    private static VethPairConfig Config(Nsm.Sdk.Kernel.Namespaces.NetNs pod, Nsm.Sdk.Kernel.Namespaces.NetNs fwd) => new(
        new VethEndConfig(pod, "nsm-1") { Addresses = [NetlinkPrefix.Parse("10.100.7.2/24")] },
        new VethEndConfig(fwd, "nse-1") { Addresses = [NetlinkPrefix.Parse("10.100.7.1/24")] });
}
