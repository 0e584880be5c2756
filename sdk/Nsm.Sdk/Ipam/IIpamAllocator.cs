namespace Nsm.Sdk.Ipam;

/// <summary>
/// An address allocation strategy keyed by connection id, as the IPAM server element
/// (<c>Nsm.Sdk.Common.Ipam.IpamServer&lt;TAllocator&gt;</c>) drives it. Implementations are thread-safe; a refresh of a
/// connection keeps its lease unless one of its addresses is now excluded.
/// </summary>
/// <remarks>The SDK has two: <see cref="PointToPointAllocator"/> (upstream <c>point2pointipam</c>) and
/// <see cref="SinglePointAllocator"/> (upstream <c>singlepointipam</c>).</remarks>
public interface IIpamAllocator
{
    /// <summary>Gets the configured prefixes; addresses of these prefixes on a request that the lease does not hold are stale.</summary>
    IReadOnlyList<IpCidr> Prefixes { get; }

    /// <summary>Gets the number of connections holding a lease.</summary>
    int Count { get; }

    /// <summary>Allocates (or refreshes) the addresses of a connection.</summary>
    /// <param name="connectionId">The connection id.</param>
    /// <param name="existingSrcAddrs">The request's <c>src_ip_addrs</c>, candidates for recovery; may be null.</param>
    /// <param name="existingDstAddrs">The request's <c>dst_ip_addrs</c>, candidates for recovery; may be null (a strategy may ignore them).</param>
    /// <param name="exclude">The request's exclusions.</param>
    /// <returns>The allocation.</returns>
    /// <exception cref="IpamExhaustedException">The connection cannot be served; nothing is taken.</exception>
    IpamAllocation Allocate(string connectionId, IReadOnlyList<string>? existingSrcAddrs, IReadOnlyList<string>? existingDstAddrs, ExcludedPrefixes exclude);

    /// <summary>Frees the connection's addresses and forgets it.</summary>
    /// <param name="connectionId">The connection id.</param>
    /// <returns>False when the connection held nothing.</returns>
    bool Release(string connectionId);

    /// <summary>Gets the connection's current lease.</summary>
    /// <param name="connectionId">The connection id.</param>
    /// <returns>The lease, or <see langword="null"/>.</returns>
    IpamLease? GetLease(string connectionId);
}
