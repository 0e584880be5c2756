namespace Nsm.Sdk.Ipam;

/// <summary>
/// The addresses and routes one connection holds, as an IPAM element should write them into the IPContext. Immutable;
/// a refresh that keeps the allocation returns the same instance.
/// </summary>
public sealed class IpamLease
{
    private static readonly IpCidr[] None = [];

    /// <summary>Creates a lease.</summary>
    /// <param name="connectionId">The connection id.</param>
    /// <param name="srcAddresses">Client-side addresses (<c>src_ip_addrs</c>).</param>
    /// <param name="dstAddresses">Endpoint-side addresses (<c>dst_ip_addrs</c>).</param>
    /// <param name="srcRoutes">Routes installed on the client side (<c>src_routes</c> prefixes).</param>
    /// <param name="dstRoutes">Routes installed on the endpoint side (<c>dst_routes</c> prefixes).</param>
    public IpamLease(string connectionId, IpCidr[] srcAddresses, IpCidr[]? dstAddresses = null, IpCidr[]? srcRoutes = null, IpCidr[]? dstRoutes = null)
    {
        ArgumentNullException.ThrowIfNull(connectionId);
        ArgumentNullException.ThrowIfNull(srcAddresses);
        ConnectionId = connectionId;
        SrcAddresses = srcAddresses;
        DstAddresses = dstAddresses ?? None;
        SrcRoutes = srcRoutes ?? None;
        DstRoutes = dstRoutes ?? None;
    }

    /// <summary>The connection id.</summary>
    public string ConnectionId { get; }

    /// <summary>Client (NSC) side addresses for <c>src_ip_addrs</c>.</summary>
    public IReadOnlyList<IpCidr> SrcAddresses { get; }

    /// <summary>Endpoint (NSE) side addresses for <c>dst_ip_addrs</c>.</summary>
    public IReadOnlyList<IpCidr> DstAddresses { get; }

    /// <summary>Route prefixes for <c>src_routes</c> (installed on the client, via the dst address).</summary>
    public IReadOnlyList<IpCidr> SrcRoutes { get; }

    /// <summary>Route prefixes for <c>dst_routes</c> (installed on the endpoint, via the src address).</summary>
    public IReadOnlyList<IpCidr> DstRoutes { get; }

    /// <summary>Index of the pool the lease came from (point-to-point), for release.</summary>
    internal int PoolIndex { get; init; }

    /// <summary>True when any address of the lease is excluded.</summary>
    /// <param name="exclude">The exclusions.</param>
    /// <returns>True when excluded.</returns>
    public bool IsExcludedBy(ExcludedPrefixes exclude)
    {
        ArgumentNullException.ThrowIfNull(exclude);
        if (exclude.IsEmpty)
        {
            return false;
        }

        for (int i = 0; i < SrcAddresses.Count; i++)
        {
            if (exclude.Contains(SrcAddresses[i].Address))
            {
                return true;
            }
        }

        for (int i = 0; i < DstAddresses.Count; i++)
        {
            if (exclude.Contains(DstAddresses[i].Address))
            {
                return true;
            }
        }

        return false;
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"{ConnectionId}: src [{string.Join(", ", SrcAddresses)}] dst [{string.Join(", ", DstAddresses)}]";
}
