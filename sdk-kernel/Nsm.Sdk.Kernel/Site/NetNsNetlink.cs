using Nsm.Sdk.Kernel.Netlink;
using Nsm.Sdk.Kernel.WireGuard;

namespace Nsm.Sdk.Kernel.Site;

/// <summary>A netlink handle in a namespace given by path, or in this process's own.</summary>
internal static class NetNsNetlink
{
    public static async Task<NetlinkHandle> OpenAsync(string? netNsPath, CancellationToken cancellationToken)
    {
        if (netNsPath is null)
        {
            return NetlinkHandle.Open();
        }

        using var ns = WireGuardDevices.OpenNamespace(netNsPath);
        return await ns.OpenNetlinkAsync(cancellationToken).ConfigureAwait(false);
    }
}
