using Nsm.Sdk.Kernel.Namespaces;
using Nsm.Sdk.Kernel.Netlink;

namespace Nsm.KernelVm.Checks;

/// <summary>
/// What a check runs with: its cancellation (the per-check timeout) and the network namespaces it makes, each with a
/// netlink handle, all removed when the check ends (whatever its outcome).
/// </summary>
internal sealed class CheckContext(CancellationToken cancellationToken) : IAsyncDisposable
{
    private readonly List<NetNs> _namespaces = [];
    private readonly List<NetlinkHandle> _handles = [];

    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>A new named namespace (<c>kvmc-XXXXXX</c>) with its loopback up, and a netlink handle bound to it.</summary>
    public async Task<(NetNs Ns, NetlinkHandle Netlink)> NewNamespaceAsync()
    {
        var ns = await NetNs.CreateAsync("kvmc-" + Guid.NewGuid().ToString("N")[..6], CancellationToken);
        _namespaces.Add(ns);
        var netlink = await ns.OpenNetlinkAsync(CancellationToken);
        _handles.Add(netlink);
        await netlink.SetLinkUpAsync("lo", CancellationToken);
        return (ns, netlink);
    }

    public ValueTask DisposeAsync()
    {
        foreach (var handle in _handles)
        {
            handle.Dispose();
        }

        foreach (var ns in _namespaces)
        {
            var name = ns.DisplayName;
            ns.Dispose();
            if (NetNs.Exists(name))
            {
                NetNs.Delete(name);
            }
        }

        return ValueTask.CompletedTask;
    }
}
