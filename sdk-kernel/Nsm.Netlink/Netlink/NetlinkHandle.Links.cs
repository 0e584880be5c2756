namespace Nsm.Sdk.Kernel.Netlink;

/// <summary>Creating, finding, listing and deleting links.</summary>
public sealed partial class NetlinkHandle
{
    /// <summary>
    /// Creates a link (veth pair, vxlan, bridge, macvlan) with one RTM_NEWLINK. Fails with EEXIST if the name is taken.
    /// </summary>
    /// <param name="spec">What to create.</param>
    /// <param name="cancellationToken">Cancels waiting for the handle.</param>
    public Task AddLinkAsync(LinkSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return CallAsync(spec, LinkOps.Add, cancellationToken);
    }

    /// <summary>Gets a link by name; throws <see cref="NetlinkException"/> (ENODEV) if it does not exist.</summary>
    /// <param name="name">The interface name.</param>
    /// <param name="cancellationToken">Cancels waiting for the handle.</param>
    public Task<LinkInfo> GetLinkAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return CallAsync(name, static (s, n) => LinkOps.Get(s, n, 0, throwIfMissing: true)!, cancellationToken);
    }

    /// <summary>Gets a link by index; throws <see cref="NetlinkException"/> (ENODEV) if it does not exist.</summary>
    /// <param name="index">The interface index.</param>
    /// <param name="cancellationToken">Cancels waiting for the handle.</param>
    public Task<LinkInfo> GetLinkByIndexAsync(int index, CancellationToken cancellationToken = default) =>
        CallAsync(index, static (s, i) => LinkOps.Get(s, null, i, throwIfMissing: true)!, cancellationToken);

    /// <summary>Gets a link by name, or null if there is none.</summary>
    /// <param name="name">The interface name.</param>
    /// <param name="cancellationToken">Cancels waiting for the handle.</param>
    public Task<LinkInfo?> TryGetLinkAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return CallAsync(name, static (s, n) => LinkOps.Get(s, n, 0, throwIfMissing: false), cancellationToken);
    }

    /// <summary>Lists all links in the namespace.</summary>
    /// <param name="cancellationToken">Cancels waiting for the handle.</param>
    public Task<IReadOnlyList<LinkInfo>> ListLinksAsync(CancellationToken cancellationToken = default) =>
        CallAsync(0, static (s, _) => (IReadOnlyList<LinkInfo>)LinkOps.List(s), cancellationToken);

    /// <summary>Deletes a link (for veth, both ends go). Throws (ENODEV) if it does not exist.</summary>
    /// <param name="name">The interface name.</param>
    /// <param name="cancellationToken">Cancels waiting for the handle.</param>
    public Task DeleteLinkAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return CallOnOwnThreadAsync(name, static (s, n) => LinkOps.Delete(s, n, ignoreMissing: false), cancellationToken);
    }

    /// <summary>Deletes a link if it exists; returns false if there was none.</summary>
    /// <param name="name">The interface name.</param>
    /// <param name="cancellationToken">Cancels waiting for the handle.</param>
    public Task<bool> DeleteLinkIfExistsAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return CallOnOwnThreadAsync(name, static (s, n) => LinkOps.Delete(s, n, ignoreMissing: true), cancellationToken);
    }
}
