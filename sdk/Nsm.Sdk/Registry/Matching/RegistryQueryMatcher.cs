using Nsm.Api.Registry;

namespace Nsm.Sdk.Registry.Matching;

/// <summary>
/// Find-query matching for registry records (wire.md §6.3): empty query fields are wildcards, set fields are ANDed.
/// </summary>
public static class RegistryQueryMatcher
{
    /// <summary>Whether a stored <see cref="NetworkService"/> matches a Find query.</summary>
    /// <remarks>Name and payload compare exactly; a non-empty <c>matches</c> list must be element-wise proto-equal, in order.</remarks>
    /// <param name="query">The query's network service; <see langword="null"/> matches everything.</param>
    /// <param name="record">The stored record.</param>
    /// <returns><see langword="true"/> when every set query field matches.</returns>
    public static bool Matches(NetworkService? query, NetworkService record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (query is null)
        {
            return true;
        }

        if (query.Name.Length != 0 && !string.Equals(query.Name, record.Name, StringComparison.Ordinal))
        {
            return false;
        }

        if (query.Payload.Length != 0 && !string.Equals(query.Payload, record.Payload, StringComparison.Ordinal))
        {
            return false;
        }

        return query.Matches.Count == 0 || query.Matches.Equals(record.Matches);
    }

    /// <summary>Whether a stored <see cref="NetworkServiceEndpoint"/> matches a Find query.</summary>
    /// <remarks>
    /// Name is exact; <c>network_service_labels</c> is a per-service label subset (an empty entry only requires the
    /// service key); <c>expiration_time</c> compares seconds only (a record without expiration does not match);
    /// <c>network_service_names</c> is a subset; <c>url</c> is an ordinal substring.
    /// </remarks>
    /// <param name="query">The query's endpoint; <see langword="null"/> matches everything.</param>
    /// <param name="record">The stored record.</param>
    /// <returns><see langword="true"/> when every set query field matches.</returns>
    public static bool Matches(NetworkServiceEndpoint? query, NetworkServiceEndpoint record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (query is null)
        {
            return true;
        }

        if (query.Name.Length != 0 && !string.Equals(query.Name, record.Name, StringComparison.Ordinal))
        {
            return false;
        }

        if (query.Url.Length != 0 && !record.Url.Contains(query.Url, StringComparison.Ordinal))
        {
            return false;
        }

        if (query.ExpirationTime is { } expiration &&
            (record.ExpirationTime is null || record.ExpirationTime.Seconds != expiration.Seconds))
        {
            return false;
        }

        foreach (var name in query.NetworkServiceNames)
        {
            if (!record.NetworkServiceNames.Contains(name))
            {
                return false;
            }
        }

        return LabelsMatch(query, record);
    }

    private static bool LabelsMatch(NetworkServiceEndpoint query, NetworkServiceEndpoint record)
    {
        foreach (var (service, wanted) in query.NetworkServiceLabels)
        {
            if (!record.NetworkServiceLabels.TryGetValue(service, out var have))
            {
                return false;
            }

            if (wanted is null || wanted.Labels.Count == 0)
            {
                continue;
            }

            if (have is null)
            {
                return false;
            }

            foreach (var (key, value) in wanted.Labels)
            {
                if (!have.Labels.TryGetValue(key, out var actual) || !string.Equals(actual, value, StringComparison.Ordinal))
                {
                    return false;
                }
            }
        }

        return true;
    }
}
