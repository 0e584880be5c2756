using System.Globalization;
using Nsm.Sdk.Kernel.Netlink;

namespace Nsm.Sdk.Kernel.WireGuard;

/// <summary>
/// Finds out whether the kernel has WireGuard by creating (and deleting at once) a link of kind <c>wireguard</c>
/// in this process's namespace: without the module the kernel answers EOPNOTSUPP.
/// </summary>
internal static class KernelWireGuardProbe
{
    private const int EOPNOTSUPP = 95;

    /// <summary>Whether the kernel has WireGuard (a synchronous trial: one netlink round trip each way).</summary>
    public static bool IsAvailable() => UnavailableReasonAsync(CancellationToken.None).GetAwaiter().GetResult() is null;

    /// <summary>Null when the kernel has WireGuard, else why not (e.g. "link kind wireguard: Operation not supported").</summary>
    public static async Task<string?> UnavailableReasonAsync(CancellationToken cancellationToken)
    {
        var name = "nsmwgk" + Random.Shared.Next(0x1000000).ToString("x6", CultureInfo.InvariantCulture);
        try
        {
            using var nl = NetlinkHandle.Open();
            await nl.AddLinkAsync(new WireGuardLink(name), cancellationToken).ConfigureAwait(false);
            await nl.DeleteLinkIfExistsAsync(name, CancellationToken.None).ConfigureAwait(false);
            return null;
        }
        catch (KernelException e)
        {
            return e.ErrorCode == EOPNOTSUPP ? "the kernel has no wireguard module (link kind wireguard: EOPNOTSUPP)" : e.Message;
        }
    }
}
