using Nsm.Sdk.Ipam;

namespace Nsm.Sdk.Common.Ipam.SharedSubnetIpam;

/// <summary>
/// Addresses on a subnet shared with hosts outside the mesh (an external network): each connection gets one address
/// per subnet with the subnet's length (<c>10.200.0.7/24</c>), lowest free first, never the network, broadcast or
/// gateway address nor an excluded one, and, when a probe is configured, only after the network said nobody uses it
/// (an answered candidate is skipped and stays free, so it is asked about again later). Thread-safe; probes run
/// outside the lock, and two connections never probe the same candidate.
/// </summary>
public sealed class SharedSubnetAllocator
{
    private readonly Subnet[] _subnets;
    private readonly IAddressProbe? _probe;
    private readonly Dictionary<string, IpamLease> _leases = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Creates the allocator.</summary>
    /// <param name="options">The options.</param>
    /// <exception cref="ArgumentException">A malformed value (named), no subnet, or a subnet too small for a gateway and one client.</exception>
    public SharedSubnetAllocator(SharedSubnetIpamOptions options)
    {
        var parsed = Parse(options);
        _probe = options.Probe;
        _subnets = [.. parsed.Subnets.Select(s => new Subnet(s.Prefix, s.Gateway, NewPool(s.Prefix, s.Gateway, parsed.Excluded)))];
        Routes = parsed.Routes;
    }

    /// <summary>Gets the subnets.</summary>
    public IReadOnlyList<IpCidr> Prefixes => [.. _subnets.Select(s => s.Prefix)];

    /// <summary>Gets the gateway of each subnet (same order as <see cref="Prefixes"/>).</summary>
    public IReadOnlyList<IpAddr> Gateways => [.. _subnets.Select(s => s.Gateway)];

    /// <summary>Gets the extra destinations reached through the gateway of their family.</summary>
    public IReadOnlyList<IpCidr> Routes { get; }

    /// <summary>Gets the number of connections holding addresses.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _leases.Count;
            }
        }
    }

    /// <summary>Gives a connection its addresses: the ones it holds (a refresh), else fresh ones.</summary>
    /// <param name="connectionId">The connection id.</param>
    /// <param name="existingSrcAddrs">The request's <c>src_ip_addrs</c>: a free one of a subnet is tried first (the client holds it, e.g. after an endpoint restart), probed as any candidate.</param>
    /// <param name="exclude">The request's exclusions.</param>
    /// <param name="cancellationToken">Cancels probing.</param>
    /// <returns>The allocation (the lease's routes are the subnets).</returns>
    /// <exception cref="IpamExhaustedException">A subnet has no address left that nobody uses; nothing is taken.</exception>
    public async ValueTask<IpamAllocation> AllocateAsync(string connectionId, IReadOnlyList<string>? existingSrcAddrs, Nsm.Sdk.Ipam.ExcludedPrefixes exclude, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionId);
        ArgumentNullException.ThrowIfNull(exclude);
        IpamLease? replaced = null;
        lock (_lock)
        {
            if (_leases.TryGetValue(connectionId, out var held))
            {
                if (!held.IsExcludedBy(exclude))
                {
                    return new IpamAllocation(held, false, null);
                }

                replaced = held;
                Forget(connectionId);
            }
        }

        var taken = new List<IpCidr>(_subnets.Length);
        try
        {
            foreach (var subnet in _subnets)
            {
                var address = await TakeAsync(subnet, existingSrcAddrs, exclude, cancellationToken).ConfigureAwait(false);
                taken.Add(address.WithPrefixLength(subnet.Prefix.PrefixLength));
            }
        }
        catch
        {
            for (var i = 0; i < taken.Count; i++)
            {
                _subnets[i].Pool.Release(taken[i].Address);
            }

            throw;
        }

        var lease = new IpamLease(connectionId, [.. taken], srcRoutes: [.. _subnets.Select(s => s.Prefix)]);
        lock (_lock)
        {
            _leases[connectionId] = lease;
        }

        return new IpamAllocation(lease, true, replaced);
    }

    /// <summary>Frees the connection's addresses and forgets it.</summary>
    /// <param name="connectionId">The connection id.</param>
    /// <returns>False when the connection held nothing.</returns>
    public bool Release(string connectionId)
    {
        lock (_lock)
        {
            return Forget(connectionId);
        }
    }

    /// <summary>The connection's lease, or null.</summary>
    /// <param name="connectionId">The connection id.</param>
    /// <returns>The lease.</returns>
    public IpamLease? GetLease(string connectionId)
    {
        lock (_lock)
        {
            return _leases.GetValueOrDefault(connectionId);
        }
    }

    /// <summary>Parses and checks options.</summary>
    internal static ParsedOptions Parse(SharedSubnetIpamOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var prefixes = IpamErrors.ParsePrefixes(options.Prefixes, nameof(options.Prefixes)).Select(p => p.Network).ToArray();
        var gateways = options.Gateways.Select(g => ParseAddress(g, nameof(options.Gateways))).ToList();
        var subnets = new List<(IpCidr, IpAddr)>();
        foreach (var prefix in prefixes)
        {
            if (prefix.AddressCount < 4)
            {
                throw new ArgumentException($"IPAM: {prefix} is too small for a gateway and a client (at most /30, or /126 for IPv6).", nameof(options));
            }

            var given = gateways.Where(prefix.Contains).ToList();
            if (given.Count > 1)
            {
                throw new ArgumentException($"IPAM: {prefix} has more than one gateway ({string.Join(", ", given)}).", nameof(options));
            }

            subnets.Add((prefix, given.Count == 1 ? given[0] : new IpAddr(prefix.Family, prefix.First.Value + 1)));
        }

        foreach (var stray in gateways.Where(g => !prefixes.Any(p => p.Contains(g))))
        {
            throw new ArgumentException($"IPAM: the gateway {stray} lies in none of the subnets {string.Join(", ", prefixes)}.", nameof(options));
        }

        var excluded = options.Excluded.Select(e => ParseCidrOrAddress(e, nameof(options.Excluded))).ToList();
        var routes = options.Routes.Select(r => ParseCidrOrAddress(r, nameof(options.Routes)).Network).ToList();
        foreach (var route in routes.Where(r => !prefixes.Any(p => p.Family == r.Family)))
        {
            throw new ArgumentException($"IPAM: the route {route} has no subnet (and gateway) of its family.", nameof(options));
        }

        return new ParsedOptions(subnets, excluded, routes);
    }

    private static IpPool NewPool(IpCidr prefix, IpAddr gateway, IReadOnlyList<IpCidr> excluded)
    {
        var pool = new IpPool(prefix);
        pool.Exclude(prefix.First, prefix.First); // IPv4 network; IPv6 subnet-router anycast
        if (prefix.Family == IpFamily.IPv4)
        {
            pool.Exclude(prefix.Last, prefix.Last); // broadcast
        }

        pool.Exclude(gateway, gateway);
        foreach (var e in excluded)
        {
            pool.Exclude(e);
        }

        return pool;
    }

    private static IpAddr ParseAddress(string text, string name) =>
        IpAddr.TryParse(text, out var a) ? a : throw new ArgumentException($"IPAM: '{text}' is not an IP address.", name);

    private static IpCidr ParseCidrOrAddress(string text, string name) =>
        IpCidr.TryParse(text, out var c) ? c
        : IpAddr.TryParse(text, out var a) ? a.ToHostCidr()
        : throw new ArgumentException($"IPAM: '{text}' is not a CIDR or an IP address.", name);

    private async ValueTask<IpAddr> TakeAsync(Subnet subnet, IReadOnlyList<string>? existingSrcAddrs, Nsm.Sdk.Ipam.ExcludedPrefixes exclude, CancellationToken cancellationToken)
    {
        var answered = new List<IpAddr>();
        try
        {
            // The address the client already holds (the endpoint restarted) first, else the lowest free one. The held one
            // is probed too: the client's own macvlan does not hear probes sent on its lower device, a stranger does.
            var held = HeldAddress(subnet, existingSrcAddrs);
            while (true)
            {
                IpAddr candidate;
                if (held is { } h && subnet.Pool.TryPullIP(h, exclude))
                {
                    candidate = h;
                }
                else if (!subnet.Pool.TryPull(exclude, out candidate))
                {
                    throw new IpamExhaustedException(
                        $"IPAM: no free address in {subnet.Prefix}: {Count} handed out to clients, {answered.Count} in use on the network (answered the probe), gateway {subnet.Gateway} and exclusions never handed out",
                        subnet.Prefix.ToString());
                }

                bool inUse;
                try
                {
                    inUse = _probe is not null && await _probe.IsInUseAsync(candidate, cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    subnet.Pool.Release(candidate);
                    throw;
                }

                if (!inUse)
                {
                    return candidate;
                }

                answered.Add(candidate);
                held = null;
            }
        }
        finally
        {
            foreach (var a in answered)
            {
                subnet.Pool.Release(a);
            }
        }
    }

    private static IpAddr? HeldAddress(Subnet subnet, IReadOnlyList<string>? existingSrcAddrs)
    {
        foreach (var text in existingSrcAddrs ?? [])
        {
            if (IpCidr.TryParse(text, out var c) && subnet.Prefix.Contains(c.Address))
            {
                return c.Address;
            }
        }

        return null;
    }

    private bool Forget(string connectionId)
    {
        if (!_leases.Remove(connectionId, out var lease))
        {
            return false;
        }

        foreach (var address in lease.SrcAddresses)
        {
            _subnets.First(s => s.Prefix.Contains(address.Address)).Pool.Release(address.Address);
        }

        return true;
    }

    /// <summary>The checked options.</summary>
    internal sealed record ParsedOptions(IReadOnlyList<(IpCidr Prefix, IpAddr Gateway)> Subnets, IReadOnlyList<IpCidr> Excluded, IReadOnlyList<IpCidr> Routes);

    private sealed record Subnet(IpCidr Prefix, IpAddr Gateway, IpPool Pool);
}
