using Nsm.Api.NetworkService;

namespace Nsm.Sdk.Common.Begin;

/// <summary>
/// The client begin's three-way merge of a re-request: what the caller last got back, what the caller asks for
/// now and what the chain currently holds (which refresh or heal may have changed behind the caller's back).
/// </summary>
internal static class ConnectionMerge
{
    /// <summary>Builds the connection to send for a re-request.</summary>
    /// <param name="returned">The connection last returned to the caller, or <see langword="null"/> before the first success.</param>
    /// <param name="requested">The connection the caller passes now.</param>
    /// <param name="current">The connection the chain holds now, or <see langword="null"/> before the first success.</param>
    /// <returns>The merged connection.</returns>
    /// <remarks>
    /// Only intentional changes of the caller are applied: the endpoint name and the connection context (IP,
    /// Ethernet, DNS, MTU wholesale; extra-context keys one by one). Labels and mechanism are taken from the chain.
    /// </remarks>
    public static Connection Merge(Connection? returned, Connection requested, Connection? current)
    {
        if (returned is null || current is null)
        {
            return requested;
        }

        var conn = current.Clone();
        if (returned.NetworkServiceEndpointName != requested.NetworkServiceEndpointName)
        {
            conn.NetworkServiceEndpointName = requested.NetworkServiceEndpointName;
        }

        conn.Context = MergeContext(returned.Context, requested.Context, current.Context);
        return conn;
    }

    private static ConnectionContext? MergeContext(ConnectionContext? returned, ConnectionContext? requested, ConnectionContext? current)
    {
        if (current is null)
        {
            return requested?.Clone();
        }

        var merged = current.Clone();
        if (Equals(returned, requested))
        {
            return merged;
        }

        merged.IpContext = requested?.IpContext?.Clone();
        merged.EthernetContext = requested?.EthernetContext?.Clone();
        merged.DnsContext = requested?.DnsContext?.Clone();
        merged.MTU = requested?.MTU ?? 0;
        foreach (var (key, value) in returned?.ExtraContext ?? [])
        {
            if (requested is not null && requested.ExtraContext.TryGetValue(key, out var wanted))
            {
                if (wanted != value)
                {
                    merged.ExtraContext[key] = wanted;
                }
            }
            else
            {
                merged.ExtraContext.Remove(key);
            }
        }

        return merged;
    }
}
