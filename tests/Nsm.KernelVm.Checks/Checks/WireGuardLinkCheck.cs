using Nsm.Sdk.Kernel.Netlink;

namespace Nsm.KernelVm.Checks.Checks;

/// <summary>
/// Our <see cref="NetlinkHandle"/> creates a link of kind <c>wireguard</c> (<see cref="WireGuardLink"/>) in a new
/// namespace, reads it back with that kind, and deletes it.
/// </summary>
internal sealed class WireGuardLinkCheck : KernelCheck
{
    public override string Name => "wireguard-link";

    public override async Task RunAsync(CheckContext context)
    {
        var (_, netlink) = await context.NewNamespaceAsync();
        var ct = context.CancellationToken;
        await netlink.AddLinkAsync(new WireGuardLink("wg0"), ct);
        var link = await netlink.GetLinkAsync("wg0", ct);
        Expect.Equal("wireguard", link.Kind, "kind of wg0");
        await netlink.DeleteLinkAsync("wg0", ct);
        Expect.True(await netlink.TryGetLinkAsync("wg0", ct) is null, "wg0 is still there after DeleteLinkAsync");
    }
}
