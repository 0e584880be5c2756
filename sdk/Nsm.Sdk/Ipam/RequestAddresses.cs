namespace Nsm.Sdk.Ipam;

/// <summary>Helpers for addresses that arrive on a request (untrusted strings; malformed entries are skipped).</summary>
internal static class RequestAddresses
{
    /// <summary>Pulls the first address of <paramref name="candidates"/> that lies in <paramref name="prefix"/> and is free.</summary>
    public static bool TryRecover(
        IpPool pool,
        IpCidr prefix,
        IReadOnlyList<string>? candidates,
        ExcludedPrefixes exclude,
        out IpAddr address)
    {
        if (candidates is not null)
        {
            for (int i = 0; i < candidates.Count; i++)
            {
                var text = candidates[i];
                if (text is not null && IpCidr.TryParse(text, out var cidr) && prefix.Contains(cidr.Address)
                    && pool.TryPullIP(cidr.Address, exclude))
                {
                    address = cidr.Address;
                    return true;
                }
            }
        }

        address = default;
        return false;
    }

    /// <summary>Joins pool names for an error message.</summary>
    public static string JoinNames(IpPool[] pools)
    {
        if (pools.Length == 1)
        {
            return pools[0].Name;
        }

        var names = new string[pools.Length];
        for (int i = 0; i < pools.Length; i++)
        {
            names[i] = pools[i].Name;
        }

        return string.Join(", ", names);
    }

    /// <summary>Builds the exhaustion error, saying how many connections currently hold addresses.</summary>
    public static IpamExhaustedException Exhausted(IpPool[] pools, int connections, string? detail = null)
    {
        var names = JoinNames(pools);
        var holders = connections == 1 ? "1 connection holds" : $"{connections} connections hold";
        return new IpamExhaustedException($"IPAM: no free address left in {names} ({holders} addresses{detail})", names);
    }
}
