namespace Nsm.Sdk.Authorization;

/// <summary>
/// <c>monitor/service_connection</c>: the connection ids recorded for the caller's SPIFFE ID and the selector's
/// connection ids are both non-empty and intersect.
/// </summary>
/// <remarks>Ships with upstream, but no upstream binary enables it.</remarks>
public sealed class ServiceConnectionPolicy : IAuthorizationPolicy<MonitorAuthorizationInput>
{
    /// <inheritdoc />
    public string Name => PolicyNames.ServiceConnection;

    /// <inheritdoc />
    public bool IsValid(MonitorAuthorizationInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input.SpiffeIdConnectionMap.TryGetValue(input.ServiceSpiffeId, out var owned)
            && owned.Count > 0
            && input.SelectorConnectionIds.Count > 0
            && input.SelectorConnectionIds.Any(owned.Contains);
    }
}
