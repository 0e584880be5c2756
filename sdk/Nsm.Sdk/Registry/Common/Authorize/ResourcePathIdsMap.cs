using System.Collections.Concurrent;

namespace Nsm.Sdk.Registry.Common.Authorize;

/// <summary>
/// Name → <c>path_ids</c> of the registrations that passed authorize (upstream <c>resource_path_ids_map</c>), read by
/// <c>registry/client_allowed</c>. Stored after a successful Register, deleted after an Unregister through authorize.
/// Thread-safe.
/// </summary>
public sealed class ResourcePathIdsMap
{
    private readonly ConcurrentDictionary<string, IReadOnlyList<string>> _map = new(StringComparer.Ordinal);

    /// <summary>Gets a live read-only view, used as the policy input.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> View => _map;

    /// <summary>Gets the number of names.</summary>
    public int Count => _map.Count;

    /// <summary>Records the path ids of a name.</summary>
    /// <param name="name">The NS or NSE name.</param>
    /// <param name="pathIds">The ids (copied).</param>
    public void Set(string name, IEnumerable<string> pathIds)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(pathIds);
        _map[name] = [.. pathIds];
    }

    /// <summary>Forgets a name.</summary>
    /// <param name="name">The NS or NSE name.</param>
    public void Remove(string name) => _map.TryRemove(name, out _);

    /// <summary>Gets whether a name is recorded.</summary>
    /// <param name="name">The NS or NSE name.</param>
    /// <returns><see langword="true"/> when recorded.</returns>
    public bool Contains(string name) => _map.ContainsKey(name);
}
