using System.Collections.Concurrent;

namespace Nsm.Sdk.Common.Authorize;

/// <summary>
/// Caller SPIFFE ID → the ids of the connections it requested (the caller's path segment ids), kept by
/// <see cref="AuthorizeServer"/> and read by <see cref="AuthorizeMonitorServer"/> for <c>monitor/service_connection</c>
/// (upstream <c>spiffeIDConnectionMap</c>). Share one instance between the two. Thread-safe.
/// </summary>
public sealed class SpiffeIdConnectionMap
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _map = new(StringComparer.Ordinal);

    /// <summary>Gets the number of SPIFFE IDs with at least one connection.</summary>
    public int Count => _map.Count;

    /// <summary>Records that <paramref name="spiffeId"/> owns <paramref name="connectionId"/>.</summary>
    /// <param name="spiffeId">The caller's SPIFFE ID.</param>
    /// <param name="connectionId">The caller's connection id.</param>
    public void Add(string spiffeId, string connectionId)
    {
        ArgumentNullException.ThrowIfNull(spiffeId);
        ArgumentNullException.ThrowIfNull(connectionId);
        _map.GetOrAdd(spiffeId, _ => new(StringComparer.Ordinal))[connectionId] = 0;
    }

    /// <summary>Forgets a connection; a SPIFFE ID without connections is dropped.</summary>
    /// <param name="spiffeId">The caller's SPIFFE ID.</param>
    /// <param name="connectionId">The caller's connection id.</param>
    public void Remove(string spiffeId, string connectionId)
    {
        ArgumentNullException.ThrowIfNull(spiffeId);
        ArgumentNullException.ThrowIfNull(connectionId);
        if (_map.TryGetValue(spiffeId, out var ids) && ids.TryRemove(connectionId, out _) && ids.IsEmpty)
        {
            _map.TryRemove(new KeyValuePair<string, ConcurrentDictionary<string, byte>>(spiffeId, ids));
        }
    }

    /// <summary>Gets the connection ids of one SPIFFE ID.</summary>
    /// <param name="spiffeId">The SPIFFE ID.</param>
    /// <returns>The ids (empty when none).</returns>
    public IReadOnlyCollection<string> Get(string spiffeId) =>
        _map.TryGetValue(spiffeId, out var ids) ? [.. ids.Keys] : [];

    /// <summary>Takes a copy for a policy input.</summary>
    /// <returns>SPIFFE ID → connection ids.</returns>
    public IReadOnlyDictionary<string, IReadOnlyCollection<string>> Snapshot() =>
        _map.ToDictionary(e => e.Key, e => (IReadOnlyCollection<string>)[.. e.Value.Keys], StringComparer.Ordinal);
}
