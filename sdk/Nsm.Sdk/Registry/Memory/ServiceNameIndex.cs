using Nsm.Api.Registry;

namespace Nsm.Sdk.Registry.Memory;

/// <summary>Indexes endpoints by each network service name they offer, so service queries avoid full scans.</summary>
internal sealed class ServiceNameIndex : IRecordIndex<NetworkServiceEndpoint>
{
    private readonly Dictionary<string, Dictionary<string, NetworkServiceEndpoint>> _byService = new(StringComparer.Ordinal);

    public void Update(NetworkServiceEndpoint? previous, NetworkServiceEndpoint? current)
    {
        if (previous is not null)
        {
            foreach (var service in previous.NetworkServiceNames)
            {
                if (_byService.TryGetValue(service, out var bucket) && bucket.Remove(previous.Name) && bucket.Count == 0)
                {
                    _byService.Remove(service);
                }
            }
        }

        if (current is not null)
        {
            foreach (var service in current.NetworkServiceNames)
            {
                if (!_byService.TryGetValue(service, out var bucket))
                {
                    bucket = new Dictionary<string, NetworkServiceEndpoint>(StringComparer.Ordinal);
                    _byService[service] = bucket;
                }

                bucket[current.Name] = current;
            }
        }
    }

    public IEnumerable<NetworkServiceEndpoint>? Candidates(NetworkServiceEndpoint query)
    {
        Dictionary<string, NetworkServiceEndpoint>? smallest = null;
        foreach (var service in query.NetworkServiceNames)
        {
            if (!_byService.TryGetValue(service, out var bucket))
            {
                return [];
            }

            if (smallest is null || bucket.Count < smallest.Count)
            {
                smallest = bucket;
            }
        }

        return smallest?.Values;
    }
}
