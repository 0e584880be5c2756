namespace Nsm.Sdk.Kernel.Netlink;

/// <summary>Neighbour (ARP/NDP) entries.</summary>
public sealed partial class NetlinkHandle
{
    /// <summary>Adds a neighbour entry (<c>ip neigh add</c>); throws (EEXIST) if one exists.</summary>
    /// <param name="neighbor">The entry.</param>
    /// <param name="cancellationToken">Cancels waiting for the handle.</param>
    public Task AddNeighborAsync(Neighbor neighbor, CancellationToken cancellationToken = default) =>
        ModifyNeighborAsync(Nl.RTM_NEWNEIGH, Nl.NLM_F_CREATE | Nl.NLM_F_EXCL, neighbor, cancellationToken);

    /// <summary>Adds or updates a neighbour entry (<c>ip neigh replace</c>).</summary>
    /// <param name="neighbor">The entry.</param>
    /// <param name="cancellationToken">Cancels waiting for the handle.</param>
    public Task ReplaceNeighborAsync(Neighbor neighbor, CancellationToken cancellationToken = default) =>
        ModifyNeighborAsync(Nl.RTM_NEWNEIGH, Nl.NLM_F_CREATE | Nl.NLM_F_REPLACE, neighbor, cancellationToken);

    /// <summary>Deletes a neighbour entry (device and address identify it).</summary>
    /// <param name="neighbor">The entry.</param>
    /// <param name="cancellationToken">Cancels waiting for the handle.</param>
    public Task DeleteNeighborAsync(Neighbor neighbor, CancellationToken cancellationToken = default) =>
        ModifyNeighborAsync(Nl.RTM_DELNEIGH, 0, neighbor, cancellationToken);

    /// <summary>Lists neighbour entries, optionally of one interface.</summary>
    /// <param name="link">The interface name, or null for all.</param>
    /// <param name="cancellationToken">Cancels waiting for the handle.</param>
    public Task<IReadOnlyList<Neighbor>> ListNeighborsAsync(string? link = null, CancellationToken cancellationToken = default) =>
        CallAsync(link, static (s, l) => (IReadOnlyList<Neighbor>)NeighborOps.List(s, l), cancellationToken);

    private Task ModifyNeighborAsync(ushort type, ushort flags, Neighbor neighbor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(neighbor);
        return CallAsync((type, flags, neighbor), static (s, a) => NeighborOps.Modify(s, a.type, a.flags, a.neighbor), cancellationToken);
    }
}
