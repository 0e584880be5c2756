using Nsm.Api.Registry;

namespace Nsm.Sdk.Api;

/// <summary>Builds the registry record an endpoint registers.</summary>
public static class EndpointRecord
{
    /// <summary>
    /// A <see cref="NetworkServiceEndpoint"/> offering <paramref name="services"/> at <paramref name="url"/>, with
    /// <paramref name="labels"/> as its labels for every service (upstream NSEs register their <c>NSM_LABELS</c> so).
    /// </summary>
    /// <param name="name">The endpoint's name.</param>
    /// <param name="url">Where it is reached (its own URL, or the nsmgr's when registering through it).</param>
    /// <param name="services">The network services it offers.</param>
    /// <param name="labels">Its labels, or null for none.</param>
    /// <returns>The record (no expiration set).</returns>
    public static NetworkServiceEndpoint Create(string name, string url, IEnumerable<string> services, IReadOnlyDictionary<string, string>? labels)
    {
        ArgumentNullException.ThrowIfNull(services);
        var nse = new NetworkServiceEndpoint { Name = name, Url = url };
        foreach (var service in services)
        {
            nse.NetworkServiceNames.Add(service);
            if (labels is null)
            {
                continue;
            }

            var set = new NetworkServiceLabels();
            foreach (var (key, value) in labels)
            {
                set.Labels[key] = value;
            }

            nse.NetworkServiceLabels[service] = set;
        }

        return nse;
    }
}
