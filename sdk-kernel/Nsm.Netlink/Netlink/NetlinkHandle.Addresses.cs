using System.Net.Sockets;

namespace Nsm.Sdk.Kernel.Netlink;

/// <summary>Interface addresses.</summary>
public sealed partial class NetlinkHandle
{
    /// <summary>
    /// Adds an address (like <c>ip addr add 10.0.0.1/24 dev LINK</c>); throws (EEXIST) if it is already there.
    /// IPv6 addresses are added with <c>nodad</c> so they are usable at once.
    /// </summary>
    /// <param name="link">The interface name.</param>
    /// <param name="address">The address with its prefix length.</param>
    /// <param name="cancellationToken">Cancels waiting for the handle.</param>
    public Task AddAddressAsync(string link, NetlinkPrefix address, CancellationToken cancellationToken = default) =>
        ModifyAddressAsync(Nl.RTM_NEWADDR, Nl.NLM_F_CREATE | Nl.NLM_F_EXCL, link, address, cancellationToken);

    /// <summary>Adds an address, or updates it if it is already there (<c>ip addr replace</c>).</summary>
    /// <param name="link">The interface name.</param>
    /// <param name="address">The address with its prefix length.</param>
    /// <param name="cancellationToken">Cancels waiting for the handle.</param>
    public Task ReplaceAddressAsync(string link, NetlinkPrefix address, CancellationToken cancellationToken = default) =>
        ModifyAddressAsync(Nl.RTM_NEWADDR, Nl.NLM_F_CREATE | Nl.NLM_F_REPLACE, link, address, cancellationToken);

    /// <summary>Removes an address.</summary>
    /// <param name="link">The interface name.</param>
    /// <param name="address">The address with its prefix length.</param>
    /// <param name="cancellationToken">Cancels waiting for the handle.</param>
    public Task DeleteAddressAsync(string link, NetlinkPrefix address, CancellationToken cancellationToken = default) =>
        ModifyAddressAsync(Nl.RTM_DELADDR, 0, link, address, cancellationToken);

    /// <summary>Lists addresses, optionally of one interface and one family.</summary>
    /// <param name="link">The interface name, or null for all.</param>
    /// <param name="family">IPv4 or IPv6, or null for both.</param>
    /// <param name="cancellationToken">Cancels waiting for the handle.</param>
    public Task<IReadOnlyList<AddressInfo>> ListAddressesAsync(string? link = null, AddressFamily? family = null, CancellationToken cancellationToken = default) =>
        CallAsync((link, family), static (s, a) => (IReadOnlyList<AddressInfo>)AddressOps.List(s, a.link, a.family), cancellationToken);

    private Task ModifyAddressAsync(ushort type, ushort flags, string link, NetlinkPrefix address, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(link);
        ArgumentNullException.ThrowIfNull(address.Address);
        return CallAsync((type, flags, link, address), static (s, a) => AddressOps.Modify(s, a.type, a.flags, a.link, a.address), cancellationToken);
    }
}
