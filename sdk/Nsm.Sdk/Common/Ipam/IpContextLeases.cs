using Google.Protobuf.Collections;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Ipam;

namespace Nsm.Sdk.Common.Ipam;

/// <summary>Writes and removes IPAM leases in an <see cref="IPContext"/> idempotently (shared by the IPAM elements).</summary>
internal static class IpContextLeases
{
    /// <summary>Gets the request's IP context, creating the connection, its context and IP context when missing.</summary>
    public static IPContext EnsureIpContext(NetworkServiceRequest request)
    {
        var conn = request.Connection ??= new Connection();
        var ctx = conn.Context ??= new ConnectionContext();
        return ctx.IpContext ??= new IPContext();
    }

    /// <summary>Adds the lease's addresses and routes that are not present yet.</summary>
    public static void Apply(IPContext ip, IpamLease lease)
    {
        AddAddresses(ip.SrcIpAddrs, lease.SrcAddresses);
        AddAddresses(ip.DstIpAddrs, lease.DstAddresses);
        AddRoutes(ip.SrcRoutes, lease.SrcRoutes);
        AddRoutes(ip.DstRoutes, lease.DstRoutes);
    }

    /// <summary>Removes the lease's addresses and routes.</summary>
    public static void Remove(IPContext ip, IpamLease lease)
    {
        RemoveWhere(ip.SrcIpAddrs, s => Matches(s, lease.SrcAddresses));
        RemoveWhere(ip.DstIpAddrs, s => Matches(s, lease.DstAddresses));
        RemoveWhere(ip.SrcRoutes, r => Matches(r.Prefix, lease.SrcRoutes));
        RemoveWhere(ip.DstRoutes, r => Matches(r.Prefix, lease.DstRoutes));
    }

    /// <summary>
    /// Drops addresses (and host routes) inside <paramref name="prefixes"/> that the lease does not hold, so that a new
    /// lease replaces stale addresses instead of being appended to them (upstream sdk#1680).
    /// </summary>
    public static void DropStale(IPContext ip, IReadOnlyList<IpCidr> prefixes, IpamLease lease)
    {
        RemoveWhere(ip.SrcIpAddrs, s => IsManaged(s, prefixes, hostOnly: false) && !Matches(s, lease.SrcAddresses));
        if (lease.DstAddresses.Count > 0)
        {
            RemoveWhere(ip.DstIpAddrs, s => IsManaged(s, prefixes, hostOnly: false) && !Matches(s, lease.DstAddresses));
        }

        RemoveWhere(ip.SrcRoutes, r => IsManaged(r.Prefix, prefixes, hostOnly: true) && !Matches(r.Prefix, lease.SrcRoutes));
        RemoveWhere(ip.DstRoutes, r => IsManaged(r.Prefix, prefixes, hostOnly: true) && !Matches(r.Prefix, lease.DstRoutes));
    }

    /// <summary>True when <paramref name="text"/> parses to one of <paramref name="cidrs"/> (or equals its text).</summary>
    public static bool Matches(string? text, IReadOnlyList<IpCidr> cidrs)
    {
        if (text is null)
        {
            return false;
        }

        bool parsed = IpCidr.TryParse(text, out var c);
        for (int i = 0; i < cidrs.Count; i++)
        {
            if (parsed ? c == cidrs[i] : string.Equals(text, cidrs[i].ToString(), StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Removes every item matching <paramref name="predicate"/>.</summary>
    public static void RemoveWhere<T>(RepeatedField<T> field, Func<T, bool> predicate)
    {
        for (int i = field.Count - 1; i >= 0; i--)
        {
            if (predicate(field[i]))
            {
                field.RemoveAt(i);
            }
        }
    }

    private static bool IsManaged(string? text, IReadOnlyList<IpCidr> prefixes, bool hostOnly)
    {
        if (text is null || !IpCidr.TryParse(text, out var c) || (hostOnly && !c.IsHost))
        {
            return false;
        }

        foreach (var p in prefixes)
        {
            if (p.Contains(c.Address))
            {
                return true;
            }
        }

        return false;
    }

    private static void AddAddresses(RepeatedField<string> field, IReadOnlyList<IpCidr> cidrs)
    {
        foreach (var cidr in cidrs)
        {
            if (!field.Any(s => Matches(s, [cidr])))
            {
                field.Add(cidr.ToString());
            }
        }
    }

    private static void AddRoutes(RepeatedField<Route> field, IReadOnlyList<IpCidr> cidrs)
    {
        foreach (var cidr in cidrs)
        {
            if (!field.Any(r => Matches(r.Prefix, [cidr])))
            {
                field.Add(new Route { Prefix = cidr.ToString() });
            }
        }
    }
}
