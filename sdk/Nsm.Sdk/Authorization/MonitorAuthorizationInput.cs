namespace Nsm.Sdk.Authorization;

/// <summary>The policy input of MonitorConnections authorization (upstream monitor OPA input).</summary>
/// <param name="ServiceSpiffeId">The caller's SPIFFE ID (<c>service_spiffe_id</c>).</param>
/// <param name="SpiffeIdConnectionMap">SPIFFE ID → connection ids it requested (<c>spiffe_id_connection_map</c>).</param>
/// <param name="SelectorConnectionIds">The ids in the monitor selector's path segments (<c>selector_connection_ids</c>).</param>
public sealed record MonitorAuthorizationInput(
    string ServiceSpiffeId,
    IReadOnlyDictionary<string, IReadOnlyCollection<string>> SpiffeIdConnectionMap,
    IReadOnlyList<string> SelectorConnectionIds);
