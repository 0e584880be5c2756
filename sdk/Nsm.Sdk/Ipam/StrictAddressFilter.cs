namespace Nsm.Sdk.Ipam;

/// <summary>
/// The logic of upstream <c>strictipam</c>: before the inner IPAM runs, drop from a request every address that is not
/// inside the configured prefixes or is already held by another connection; after success, record the response's
/// addresses as held; on close, free them. Thread-safe. This keeps a request from carrying over addresses from a
/// previous endpoint with a different CIDR.
/// </summary>
/// <remarks>
/// Unlike upstream, an address already held by the <b>same</b> connection is kept, so a refresh does not lose its
/// addresses. The caller also removes routes whose prefix is a dropped address (as a host route).
/// </remarks>
public sealed class StrictAddressFilter
{
    private readonly Lock _lock = new();
    private readonly IpCidr[] _prefixes;
    private readonly Dictionary<IpAddr, string> _holders = [];
    private readonly Dictionary<string, IpAddr[]> _byConnection = new(StringComparer.Ordinal);

    /// <summary>Creates the filter.</summary>
    /// <param name="prefixes">The prefixes addresses must lie in (IPv4 and IPv6 may be mixed; host bits are ignored).</param>
    public StrictAddressFilter(IEnumerable<IpCidr> prefixes)
    {
        ArgumentNullException.ThrowIfNull(prefixes);
        _prefixes = [.. prefixes.Select(p => p.Network)];
        if (_prefixes.Length == 0)
        {
            throw new ArgumentException("IPAM: required one or more prefixes.", nameof(prefixes));
        }
    }

    /// <summary>The configured prefixes.</summary>
    public IReadOnlyList<IpCidr> Prefixes => _prefixes;

    /// <summary>True when <paramref name="cidr"/> may stay on a request of <paramref name="connectionId"/>.</summary>
    /// <param name="connectionId">The connection id.</param>
    /// <param name="cidr">An IPContext address such as <c>10.0.0.2/32</c>; malformed text is not acceptable.</param>
    /// <returns>True when inside the prefixes and free or held by this connection.</returns>
    public bool Accepts(string connectionId, string cidr)
    {
        ArgumentNullException.ThrowIfNull(connectionId);
        if (cidr is null || !IpCidr.TryParse(cidr, out var parsed) || !InPrefixes(parsed.Address))
        {
            return false;
        }

        lock (_lock)
        {
            return !_holders.TryGetValue(parsed.Address, out var holder) || string.Equals(holder, connectionId, StringComparison.Ordinal);
        }
    }

    /// <summary>Splits <paramref name="addresses"/> into those that may stay and those to drop.</summary>
    /// <param name="connectionId">The connection id.</param>
    /// <param name="addresses">The request's src or dst addresses.</param>
    /// <param name="kept">Receives the acceptable addresses, in order.</param>
    /// <param name="dropped">Receives the rejected addresses, or null to discard them.</param>
    /// <returns>The number dropped.</returns>
    public int Filter(string connectionId, IReadOnlyList<string> addresses, ICollection<string> kept, ICollection<string>? dropped = null)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        ArgumentNullException.ThrowIfNull(kept);
        int n = 0;
        for (int i = 0; i < addresses.Count; i++)
        {
            if (Accepts(connectionId, addresses[i]))
            {
                kept.Add(addresses[i]);
            }
            else
            {
                dropped?.Add(addresses[i]);
                n++;
            }
        }

        return n;
    }

    /// <summary>
    /// Records the addresses of a successful response as held by <paramref name="connectionId"/>, replacing what it held
    /// before. Addresses outside the prefixes or held by another connection are ignored.
    /// </summary>
    /// <param name="connectionId">The connection id.</param>
    /// <param name="addresses">The response's src and dst addresses.</param>
    public void Commit(string connectionId, IEnumerable<string> addresses)
    {
        ArgumentNullException.ThrowIfNull(connectionId);
        ArgumentNullException.ThrowIfNull(addresses);
        var list = new List<IpAddr>();
        foreach (var text in addresses)
        {
            if (text is not null && IpCidr.TryParse(text, out var c) && InPrefixes(c.Address) && !list.Contains(c.Address))
            {
                list.Add(c.Address);
            }
        }

        lock (_lock)
        {
            ReleaseLocked(connectionId);
            var held = new List<IpAddr>(list.Count);
            foreach (var a in list)
            {
                if (_holders.TryAdd(a, connectionId))
                {
                    held.Add(a);
                }
            }

            _byConnection[connectionId] = [.. held];
        }
    }

    /// <summary>Frees everything <paramref name="connectionId"/> holds.</summary>
    /// <param name="connectionId">The connection id.</param>
    /// <returns>False when it held nothing.</returns>
    public bool Release(string connectionId)
    {
        ArgumentNullException.ThrowIfNull(connectionId);
        lock (_lock)
        {
            return ReleaseLocked(connectionId);
        }
    }

    private bool ReleaseLocked(string connectionId)
    {
        if (!_byConnection.Remove(connectionId, out var held))
        {
            return false;
        }

        foreach (var a in held)
        {
            _holders.Remove(a);
        }

        return true;
    }

    private bool InPrefixes(IpAddr address)
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
}
