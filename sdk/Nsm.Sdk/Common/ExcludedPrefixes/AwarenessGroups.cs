using Nsm.Api.NetworkService;
using Nsm.Sdk.Api;

namespace Nsm.Sdk.Common.ExcludedPrefixes;

/// <summary>The awareness groups of <see cref="ExcludedPrefixesClient"/>: NSC request URLs, and which group a request belongs to.</summary>
internal sealed class AwarenessGroups
{
    private readonly NscRequestUrl[][] _groups;

    /// <summary>Parses the group URLs; a malformed one throws <see cref="ArgumentException"/> naming it.</summary>
    public AwarenessGroups(IEnumerable<IEnumerable<string>> groups) =>
        _groups = [.. groups.Select(g => g.Select(Parse).ToArray())];

    /// <summary>Gets the number of groups.</summary>
    public int Count => _groups.Length;

    /// <summary>
    /// The index of the first group with a URL matching the request, or -1. A URL matches when its mechanism type equals
    /// the request's mechanism (or first preference) type, its network service is equal, its interface name (when it has
    /// one) is equal, and all its labels are on the connection with the same values.
    /// </summary>
    public int IndexOf(NetworkServiceRequest request)
    {
        var conn = request.Connection;
        var mech = conn.Mechanism ?? request.MechanismPreferences.FirstOrDefault();
        if (mech is null)
        {
            return -1;
        }

        mech.Parameters.TryGetValue("name", out var iface);
        for (int i = 0; i < _groups.Length; i++)
        {
            foreach (var url in _groups[i])
            {
                if (string.Equals(url.Mechanism.Type, mech.Type, StringComparison.OrdinalIgnoreCase)
                    && string.Equals(url.NetworkService, conn.NetworkService, StringComparison.Ordinal)
                    && (!url.Mechanism.Parameters.TryGetValue("name", out var n) || string.Equals(n, iface, StringComparison.Ordinal))
                    && url.Labels.All(l => conn.Labels.TryGetValue(l.Key, out var v) && string.Equals(v, l.Value, StringComparison.Ordinal)))
                {
                    return i;
                }
            }
        }

        return -1;
    }

    private static NscRequestUrl Parse(string url) =>
        NscRequestUrl.TryParse(url, out var parsed) ? parsed : throw new ArgumentException($"invalid awareness group URL '{url}'", nameof(url));
}
