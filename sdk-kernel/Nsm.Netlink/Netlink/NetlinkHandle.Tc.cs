using Nsm.Sdk.Kernel.Tc;

namespace Nsm.Sdk.Kernel.Netlink;

/// <summary>tc: the clsact qdisc and direct-action BPF filters on it.</summary>
public sealed partial class NetlinkHandle
{
    /// <summary>Adds the clsact qdisc to a link (<c>tc qdisc add dev X clsact</c>); throws (EEXIST) if it has one.</summary>
    /// <param name="link">The interface name.</param>
    /// <param name="cancellationToken">Cancels waiting for the handle.</param>
    public Task AddClsactQdiscAsync(string link, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(link);
        return CallAsync(link, TcOps.AddClsact, cancellationToken);
    }

    /// <summary>Deletes a link's clsact qdisc and with it every filter on it (<c>tc qdisc del dev X clsact</c>).</summary>
    /// <param name="link">The interface name.</param>
    /// <param name="cancellationToken">Cancels waiting for the handle.</param>
    public Task DeleteClsactQdiscAsync(string link, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(link);
        return CallAsync(link, TcOps.DeleteClsact, cancellationToken);
    }

    /// <summary>
    /// Attaches a loaded <c>BPF_PROG_TYPE_SCHED_CLS</c> program as a direct-action cls_bpf filter on a clsact hook
    /// (<c>tc filter add dev X ingress|egress prio P bpf da fd N</c>). The filter holds its own reference to the program.
    /// </summary>
    /// <param name="link">The interface name (it needs the clsact qdisc).</param>
    /// <param name="direction">Ingress or egress.</param>
    /// <param name="priority">The filter priority (also its identity for <see cref="DeleteTcFilterAsync"/>).</param>
    /// <param name="programFd">The program's file descriptor.</param>
    /// <param name="name">A name shown by <c>tc filter show</c>.</param>
    /// <param name="cancellationToken">Cancels waiting for the handle.</param>
    public Task AddBpfFilterAsync(string link, TcDirection direction, ushort priority, int programFd, string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(link);
        ArgumentException.ThrowIfNullOrEmpty(name);
        return CallAsync((link, direction, priority, programFd, name), static (s, a) => TcOps.AddBpfFilter(s, a.link, a.direction, a.priority, a.programFd, a.name), cancellationToken);
    }

    /// <summary>Deletes the filters of one priority on a clsact hook (<c>tc filter del dev X ingress|egress prio P</c>).</summary>
    /// <param name="link">The interface name.</param>
    /// <param name="direction">Ingress or egress.</param>
    /// <param name="priority">The filter priority.</param>
    /// <param name="cancellationToken">Cancels waiting for the handle.</param>
    public Task DeleteTcFilterAsync(string link, TcDirection direction, ushort priority, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(link);
        return CallAsync((link, direction, priority), static (s, a) => TcOps.DeleteFilter(s, a.link, a.direction, a.priority), cancellationToken);
    }
}
