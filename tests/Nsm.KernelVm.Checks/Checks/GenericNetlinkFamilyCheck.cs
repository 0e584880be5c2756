using Nsm.Sdk.Kernel.Genetlink;

namespace Nsm.KernelVm.Checks.Checks;

/// <summary>With the module loaded, the <c>wireguard</c> generic netlink family resolves in a new namespace.</summary>
internal sealed class GenericNetlinkFamilyCheck : KernelCheck
{
    public override string Name => "genetlink-wireguard-family";

    public override async Task RunAsync(CheckContext context)
    {
        var (ns, _) = await context.NewNamespaceAsync();
        using var wg = await WireGuardNetlink.OpenAsync(ns, context.CancellationToken);
        Expect.Equal("wireguard", wg.Family.Name, "family name");
        Expect.True(wg.Family.Id >= 0x10, $"family id {wg.Family.Id}");
        Expect.Equal(1u, wg.Family.Version, "family version");
    }
}
