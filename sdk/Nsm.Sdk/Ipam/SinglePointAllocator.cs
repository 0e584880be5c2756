namespace Nsm.Sdk.Ipam;

/// <summary>
/// Single-point allocation keyed by connection id: the logic of upstream <c>singlepointipam</c> without the chain.
/// Thread-safe. Each connection gets one client (<c>src</c>) address from <b>every</b> configured prefix (so an IPv4 and
/// an IPv6 prefix give a dual-stack client), written with the prefix's length (<c>10.0.0.1/24</c>).
/// </summary>
/// <remarks>
/// <para>The endpoint keeps one address per prefix, shared by every connection: the lowest address, i.e. the network
/// address, as upstream does. It is listed in <see cref="EndpointAddresses"/> but not written into the lease
/// (upstream fills only <c>src_ip_addrs</c>). For IPv4 prefixes up to /30 the broadcast address is never handed out.</para>
/// <para>Differences from upstream, on purpose: addresses skipped because a request excludes them stay free (upstream
/// discards them), the endpoint address never moves, and addresses already on the request are recovered when free.</para>
/// </remarks>
public sealed class SinglePointAllocator : IIpamAllocator
{
    private readonly IpCidr[] _prefixes;
    private readonly IpPool[] _pools;
    private readonly IpCidr[] _endpoints;
    private readonly LeaseTable _leases;

    /// <summary>Creates the allocator.</summary>
    /// <param name="prefixes">One or more prefixes; each connection gets one address from each (host bits are ignored).</param>
    /// <exception cref="ArgumentException">No prefix, or a prefix too small to hold the endpoint and one client.</exception>
    public SinglePointAllocator(IEnumerable<IpCidr> prefixes)
    {
        ArgumentNullException.ThrowIfNull(prefixes);
        _prefixes = [.. prefixes.Select(p => p.Network)];
        if (_prefixes.Length == 0)
        {
            throw new ArgumentException("IPAM: required one or more prefixes.", nameof(prefixes));
        }

        _leases = new LeaseTable(Free);
        _pools = new IpPool[_prefixes.Length];
        _endpoints = new IpCidr[_prefixes.Length];
        for (int i = 0; i < _prefixes.Length; i++)
        {
            var prefix = _prefixes[i];
            if (prefix.PrefixLength == prefix.Family.BitLength())
            {
                throw new ArgumentException($"IPAM: {prefix} holds a single address; single-point IPAM needs at least two.", nameof(prefixes));
            }

            var pool = new IpPool(prefix);
            if (prefix.Family == IpFamily.IPv4 && prefix.PrefixLength <= 30)
            {
                pool.Exclude(prefix.Last, prefix.Last);
            }

            _endpoints[i] = new IpCidr(pool.Pull(), prefix.PrefixLength);
            _pools[i] = pool;
        }

        IpamMetrics.Track(this, _prefixes, _pools);
    }

    /// <summary>The configured prefixes.</summary>
    public IReadOnlyList<IpCidr> Prefixes => _prefixes;

    /// <summary>The endpoint's own address in each prefix (with the prefix length).</summary>
    public IReadOnlyList<IpCidr> EndpointAddresses => _endpoints;

    /// <summary>Number of connections holding a lease.</summary>
    public int Count => _leases.Count;

    /// <summary>Creates the allocator from CIDR strings, parsed strictly.</summary>
    /// <param name="cidrs">E.g. <c>10.0.0.0/24</c>.</param>
    /// <returns>The allocator.</returns>
    /// <exception cref="InvalidCidrException">A CIDR is malformed.</exception>
    public static SinglePointAllocator FromCidrs(params string[] cidrs)
    {
        ArgumentNullException.ThrowIfNull(cidrs);
        var prefixes = new IpCidr[cidrs.Length];
        for (int i = 0; i < cidrs.Length; i++)
        {
            prefixes[i] = IpCidr.Parse(cidrs[i]);
        }

        return new SinglePointAllocator(prefixes);
    }

    /// <summary>Allocates (or refreshes) the addresses of a connection that asks for none and excludes none.</summary>
    /// <param name="connectionId">The connection id.</param>
    /// <returns>The allocation.</returns>
    /// <exception cref="IpamExhaustedException">A prefix has no free address; nothing is taken.</exception>
    public IpamAllocation Allocate(string connectionId) => Allocate(connectionId, null, ExcludedPrefixes.Empty);

    /// <summary>Allocates (or refreshes) the addresses of a connection.</summary>
    /// <param name="connectionId">The connection id.</param>
    /// <param name="existingSrcAddrs">The request's <c>src_ip_addrs</c>, candidates for recovery; may be null.</param>
    /// <param name="excludedPrefixes">The request's <c>excluded_prefixes</c>; may be null.</param>
    /// <returns>The allocation.</returns>
    /// <exception cref="InvalidCidrException">An excluded prefix is malformed.</exception>
    /// <exception cref="IpamExhaustedException">A prefix has no free address; nothing is taken.</exception>
    public IpamAllocation Allocate(string connectionId, IReadOnlyList<string>? existingSrcAddrs, IReadOnlyList<string>? excludedPrefixes) =>
        Allocate(connectionId, existingSrcAddrs, ExcludedPrefixes.Parse(excludedPrefixes));

    /// <summary>Allocates (or refreshes) the addresses of a connection, with exclusions already parsed.</summary>
    /// <param name="connectionId">The connection id.</param>
    /// <param name="existingSrcAddrs">The request's <c>src_ip_addrs</c>; may be null.</param>
    /// <param name="exclude">Exclusions.</param>
    /// <returns>The allocation.</returns>
    /// <exception cref="IpamExhaustedException">A prefix has no free address; nothing is taken.</exception>
    public IpamAllocation Allocate(string connectionId, IReadOnlyList<string>? existingSrcAddrs, ExcludedPrefixes exclude)
    {
        ArgumentNullException.ThrowIfNull(exclude);
        return _leases.Allocate(connectionId, exclude, (this, existingSrcAddrs), static (id, exclude, s) => s.Item1.Take(id, s.existingSrcAddrs, exclude));
    }

    /// <inheritdoc />
    IpamAllocation IIpamAllocator.Allocate(string connectionId, IReadOnlyList<string>? existingSrcAddrs, IReadOnlyList<string>? existingDstAddrs, ExcludedPrefixes exclude) =>
        Allocate(connectionId, existingSrcAddrs, exclude);

    private IpamLease Take(string connectionId, IReadOnlyList<string>? existingSrcAddrs, ExcludedPrefixes exclude)
    {
        var src = new IpCidr[_pools.Length];
        for (int i = 0; i < _pools.Length; i++)
        {
            if (!RequestAddresses.TryRecover(_pools[i], _prefixes[i], existingSrcAddrs, exclude, out var addr)
                && !_pools[i].TryPull(exclude, out addr))
            {
                for (int j = 0; j < i; j++)
                {
                    _pools[j].Release(src[j].Address);
                }

                throw RequestAddresses.Exhausted([_pools[i]], _leases.CountLocked);
            }

            src[i] = new IpCidr(addr, _prefixes[i].PrefixLength);
        }

        return new IpamLease(connectionId, src);
    }

    /// <summary>Frees the connection's addresses and forgets it.</summary>
    /// <param name="connectionId">The connection id.</param>
    /// <returns>False when the connection held nothing.</returns>
    public bool Release(string connectionId) => _leases.Release(connectionId);

    /// <summary>The connection's current lease, or null.</summary>
    /// <param name="connectionId">The connection id.</param>
    /// <returns>The lease.</returns>
    public IpamLease? GetLease(string connectionId) => _leases.Get(connectionId);

    private void Free(IpamLease lease)
    {
        for (int i = 0; i < lease.SrcAddresses.Count; i++)
        {
            _pools[i].Release(lease.SrcAddresses[i].Address);
        }
    }
}
