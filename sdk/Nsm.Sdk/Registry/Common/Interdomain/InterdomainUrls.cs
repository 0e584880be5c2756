using System.Collections.Concurrent;

namespace Nsm.Sdk.Registry.Common.Interdomain;

/// <summary>
/// nsmgr-proxy's memory of where each endpoint it advertised really is (name → URL), filled by the registry half of
/// <c>interdomainbypass</c> and read by its networkservice half to send Requests on.
/// </summary>
public sealed class InterdomainUrls
{
    private readonly ConcurrentDictionary<string, Uri> _urls = new(StringComparer.Ordinal);

    /// <summary>Gets how many endpoints are known.</summary>
    public int Count => _urls.Count;

    /// <summary>Records the URL of an endpoint registered through the proxy (replaces an older one).</summary>
    /// <param name="name">The endpoint name.</param>
    /// <param name="url">Its real URL.</param>
    public void Set(string name, Uri url) => _urls[name] = url;

    /// <summary>Records the URL of an endpoint found through the proxy; as upstream, the first URL seen for a name wins.</summary>
    /// <param name="name">The endpoint name.</param>
    /// <param name="url">Its real URL.</param>
    public void Learn(string name, Uri url) => _urls.TryAdd(name, url);

    /// <summary>Forgets an endpoint.</summary>
    /// <param name="name">The endpoint name.</param>
    public void Remove(string name) => _urls.TryRemove(name, out _);

    /// <summary>Looks an endpoint up.</summary>
    /// <param name="name">The endpoint name.</param>
    /// <param name="url">Its real URL.</param>
    /// <returns>Whether it is known.</returns>
    public bool TryGet(string name, out Uri url) => _urls.TryGetValue(name, out url!);
}
