using Nsm.Sdk.Kernel.Genetlink;
using Nsm.Sdk.Kernel.Netlink;
using Nsm.Sdk.Kernel.Tests.Support;

namespace Nsm.Sdk.Kernel.Tests.Genetlink;

/// <summary>Generic netlink against this machine's kernel (root for the namespace).</summary>
public class GenericNetlinkHostTests
{
    [Fact]
    public async Task The_controller_resolves_itself_and_a_missing_family_gives_a_clear_error()
    {
        using var handle = GenericNetlinkHandle.Open();
        var ctrl = await handle.ResolveFamilyAsync("nlctrl");
        Assert.Equal(("nlctrl", (ushort)0x10), (ctrl.Name, ctrl.Id));
        Assert.True(ctrl.Version >= 1);

        Assert.Null(await handle.TryResolveFamilyAsync("nsm-no-such"));
        var e = await Assert.ThrowsAsync<NetlinkException>(() => handle.ResolveFamilyAsync("nsm-no-such"));
        Assert.StartsWith("the kernel has no generic netlink family nsm-no-such", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wireguard_resolves_where_the_kernel_has_it_and_says_so_where_it_has_not()
    {
        await using var scope = new NetNsScope();
        var (ns, _) = await scope.CreateAsync();
        using var handle = await ns.OpenGenericNetlinkAsync();
        Assert.NotEqual(0, (await handle.ResolveFamilyAsync("nlctrl")).Id);
        // Either answer is right, depending on the kernel (asking may even load the module); a missing family must say so.
        try
        {
            using var wg = await WireGuardNetlink.OpenAsync(ns);
            Assert.Equal("wireguard", wg.Family.Name);
        }
        catch (NetlinkException e)
        {
            Assert.StartsWith("the kernel has no generic netlink family wireguard", e.Message, StringComparison.Ordinal);
        }
    }
}
