namespace Nsm.Sdk.Ipam;

/// <summary>
/// Point-to-point address allocation keyed by connection id: the logic of upstream <c>point2pointipam</c> without the
/// chain. Thread-safe. See <see cref="PointToPointMode"/> for the two addressing schemes and how /31 and /32 behave.
/// </summary>
/// <remarks>
/// <para><b>Refresh keeps addresses.</b> A second <see cref="Allocate(string, IReadOnlyList{string}, IReadOnlyList{string}, ExcludedPrefixes)"/>
/// for the same connection returns the same lease, unless one of its addresses is now excluded; then it is freed,
/// a new one is allocated and the old one is reported in <see cref="IpamAllocation.Replaced"/>.</para>
/// <para><b>Recovery.</b> For a connection this allocator does not know (e.g. after an endpoint restart), addresses already
/// on the request are kept when they lie in a configured prefix, are free and are not excluded.</para>
/// <para><b>Exhaustion</b> throws <see cref="IpamExhaustedException"/> and takes nothing, so other connections are untouched.</para>
/// </remarks>
public sealed class PointToPointAllocator : IIpamAllocator
{
    private readonly IpCidr[] _prefixes;
    private readonly IpPool[] _pools;
    private readonly IpCidr[] _endpoints;
    private readonly LeaseTable _leases;

    /// <summary>Creates the allocator.</summary>
    /// <param name="prefixes">One or more prefixes, tried in order (host bits are ignored: each is kept as its <see cref="IpCidr.Network"/>).</param>
    /// <param name="mode">The addressing scheme.</param>
    /// <exception cref="ArgumentException">No prefix was given, or a /32 (/128) was given in <see cref="PointToPointMode.SharedEndpoint"/> mode.</exception>
    public PointToPointAllocator(IEnumerable<IpCidr> prefixes, PointToPointMode mode = PointToPointMode.PerConnectionPair)
    {
        ArgumentNullException.ThrowIfNull(prefixes);
        _prefixes = [.. prefixes.Select(p => p.Network)];
        if (_prefixes.Length == 0)
        {
            throw new ArgumentException("IPAM: required one or more prefixes.", nameof(prefixes));
        }

        Mode = mode;
        _leases = new LeaseTable(Free);
        _pools = new IpPool[_prefixes.Length];
        _endpoints = mode == PointToPointMode.SharedEndpoint ? new IpCidr[_prefixes.Length] : [];
        for (int i = 0; i < _prefixes.Length; i++)
        {
            var prefix = _prefixes[i];
            var pool = new IpPool(prefix);
            if (mode == PointToPointMode.SharedEndpoint)
            {
                _endpoints[i] = ReserveEndpoint(pool, prefix);
            }

            _pools[i] = pool;
        }

        IpamMetrics.Track(this, _prefixes, _pools);
    }

    /// <summary>The addressing scheme.</summary>
    public PointToPointMode Mode { get; }

    /// <summary>The configured prefixes, in the order they are tried.</summary>
    public IReadOnlyList<IpCidr> Prefixes => _prefixes;

    /// <summary>In <see cref="PointToPointMode.SharedEndpoint"/> mode, the endpoint address of each prefix; otherwise empty.</summary>
    public IReadOnlyList<IpCidr> EndpointAddresses => _endpoints;

    /// <summary>Number of connections holding a lease.</summary>
    public int Count => _leases.Count;

    /// <summary>Creates the allocator from CIDR strings, parsed strictly.</summary>
    /// <param name="mode">The addressing scheme.</param>
    /// <param name="cidrs">E.g. <c>10.100.1.0/24</c>.</param>
    /// <returns>The allocator.</returns>
    /// <exception cref="InvalidCidrException">A CIDR is malformed.</exception>
    public static PointToPointAllocator FromCidrs(PointToPointMode mode, params string[] cidrs)
    {
        ArgumentNullException.ThrowIfNull(cidrs);
        var prefixes = new IpCidr[cidrs.Length];
        for (int i = 0; i < cidrs.Length; i++)
        {
            prefixes[i] = IpCidr.Parse(cidrs[i]);
        }

        return new PointToPointAllocator(prefixes, mode);
    }

    /// <summary>Allocates (or refreshes) the addresses of a connection that asks for none and excludes none.</summary>
    /// <param name="connectionId">The connection id.</param>
    /// <returns>The allocation.</returns>
    /// <exception cref="IpamExhaustedException">No prefix can serve the connection.</exception>
    public IpamAllocation Allocate(string connectionId) => Allocate(connectionId, null, null, ExcludedPrefixes.Empty);

    /// <summary>Allocates (or refreshes) the addresses of a connection.</summary>
    /// <param name="connectionId">The connection id.</param>
    /// <param name="existingSrcAddrs">The request's <c>src_ip_addrs</c>, candidates for recovery; may be null.</param>
    /// <param name="existingDstAddrs">The request's <c>dst_ip_addrs</c>, candidates for recovery; may be null.</param>
    /// <param name="excludedPrefixes">The request's <c>excluded_prefixes</c>; may be null.</param>
    /// <returns>The allocation.</returns>
    /// <exception cref="InvalidCidrException">An excluded prefix is malformed.</exception>
    /// <exception cref="IpamExhaustedException">No prefix can serve the connection.</exception>
    public IpamAllocation Allocate(
        string connectionId,
        IReadOnlyList<string>? existingSrcAddrs,
        IReadOnlyList<string>? existingDstAddrs,
        IReadOnlyList<string>? excludedPrefixes) =>
        Allocate(connectionId, existingSrcAddrs, existingDstAddrs, ExcludedPrefixes.Parse(excludedPrefixes));

    /// <summary>Allocates (or refreshes) the addresses of a connection, with exclusions already parsed.</summary>
    /// <param name="connectionId">The connection id.</param>
    /// <param name="existingSrcAddrs">The request's <c>src_ip_addrs</c>; may be null.</param>
    /// <param name="existingDstAddrs">The request's <c>dst_ip_addrs</c>; may be null.</param>
    /// <param name="exclude">Exclusions.</param>
    /// <returns>The allocation.</returns>
    /// <exception cref="IpamExhaustedException">No prefix can serve the connection.</exception>
    public IpamAllocation Allocate(
        string connectionId,
        IReadOnlyList<string>? existingSrcAddrs,
        IReadOnlyList<string>? existingDstAddrs,
        ExcludedPrefixes exclude)
    {
        ArgumentNullException.ThrowIfNull(exclude);
        return _leases.Allocate(connectionId, exclude, (this, existingSrcAddrs, existingDstAddrs), static (id, exclude, s) =>
            s.Item1.TryRecover(id, s.existingSrcAddrs, s.existingDstAddrs, exclude) ?? s.Item1.AllocateFresh(id, exclude));
    }

    /// <summary>Frees the connection's addresses and forgets it.</summary>
    /// <param name="connectionId">The connection id.</param>
    /// <returns>False when the connection held nothing.</returns>
    public bool Release(string connectionId) => _leases.Release(connectionId);

    /// <summary>The connection's current lease, or null.</summary>
    /// <param name="connectionId">The connection id.</param>
    /// <returns>The lease.</returns>
    public IpamLease? GetLease(string connectionId) => _leases.Get(connectionId);

    /// <summary>
    /// True when <paramref name="address"/> lies in a configured prefix. An element can use it to drop stale addresses of
    /// this allocator's prefixes from a request, so the IPContext is replaced rather than appended to.
    /// </summary>
    /// <param name="address">The address.</param>
    /// <returns>True when managed here.</returns>
    public bool IsManaged(IpAddr address)
    {
        foreach (var p in _prefixes)
        {
            if (p.Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    private static IpCidr ReserveEndpoint(IpPool pool, IpCidr prefix)
    {
        int bits = prefix.Family.BitLength();
        if (prefix.PrefixLength == bits)
        {
            throw new ArgumentException(
                $"IPAM: {prefix} holds a single address; the shared-endpoint mode needs at least two (a /31 or shorter).",
                nameof(prefix));
        }

        IpAddr endpoint;
        if (prefix.PrefixLength == bits - 1)
        {
            // /31 (RFC 3021) or /127 (RFC 6164): both addresses are usable.
            endpoint = prefix.First;
        }
        else
        {
            pool.Exclude(prefix.First, prefix.First);
            if (prefix.Family == IpFamily.IPv4)
            {
                pool.Exclude(prefix.Last, prefix.Last);
            }

            endpoint = new IpAddr(prefix.Family, prefix.First.Value + UInt128.One);
        }

        pool.PullIP(endpoint);
        return new IpCidr(endpoint, prefix.PrefixLength);
    }

    private IpamLease? TryRecover(string connectionId, IReadOnlyList<string>? src, IReadOnlyList<string>? dst, ExcludedPrefixes exclude)
    {
        if (src is null || src.Count == 0)
        {
            return null;
        }

        for (int i = 0; i < _pools.Length; i++)
        {
            var pool = _pools[i];
            var prefix = _prefixes[i];
            if (Mode == PointToPointMode.SharedEndpoint)
            {
                if (!exclude.Contains(_endpoints[i].Address) && RequestAddresses.TryRecover(pool, prefix, src, exclude, out var s))
                {
                    return SharedLease(connectionId, i, s);
                }

                continue;
            }

            if (dst is null || dst.Count == 0)
            {
                return null;
            }

            if (!RequestAddresses.TryRecover(pool, prefix, src, exclude, out var srcAddr))
            {
                continue;
            }

            if (!RequestAddresses.TryRecover(pool, prefix, dst, exclude, out var dstAddr))
            {
                pool.Release(srcAddr);
                continue;
            }

            return PairLease(connectionId, i, dstAddr, srcAddr);
        }

        return null;
    }

    private IpamLease AllocateFresh(string connectionId, ExcludedPrefixes exclude)
    {
        Span<IpAddr> pair = stackalloc IpAddr[2];
        bool endpointExcluded = false;
        for (int i = 0; i < _pools.Length; i++)
        {
            if (Mode == PointToPointMode.SharedEndpoint)
            {
                if (exclude.Contains(_endpoints[i].Address))
                {
                    endpointExcluded = true;
                    continue;
                }

                if (_pools[i].TryPull(exclude, out var src))
                {
                    return SharedLease(connectionId, i, src);
                }
            }
            else if (_pools[i].TryPullMany(pair, exclude))
            {
                return PairLease(connectionId, i, pair[0], pair[1]);
            }
        }

        string detail = Mode == PointToPointMode.PerConnectionPair
            ? "; each connection needs 2"
            : endpointExcluded ? "; the request excludes the endpoint address" : string.Empty;
        throw RequestAddresses.Exhausted(_pools, _leases.CountLocked, detail);
    }

    private IpamLease SharedLease(string connectionId, int pool, IpAddr src)
    {
        int len = _prefixes[pool].PrefixLength;
        return new IpamLease(
            connectionId,
            [new IpCidr(src, len)],
            [_endpoints[pool]],
            srcRoutes: null,
            dstRoutes: [src.ToHostCidr()])
        {
            PoolIndex = pool,
        };
    }

    private static IpamLease PairLease(string connectionId, int pool, IpAddr dst, IpAddr src)
    {
        var srcHost = src.ToHostCidr();
        var dstHost = dst.ToHostCidr();
        return new IpamLease(connectionId, [srcHost], [dstHost], [dstHost], [srcHost]) { PoolIndex = pool };
    }

    private void Free(IpamLease lease)
    {
        var pool = _pools[lease.PoolIndex];
        pool.Release(lease.SrcAddresses[0].Address);
        if (Mode == PointToPointMode.PerConnectionPair)
        {
            pool.Release(lease.DstAddresses[0].Address);
        }
    }
}
