using Grpc.Core;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Authorization;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.Authorize;

/// <summary>
/// Checks a MonitorConnections caller (upstream <c>authmonitor</c>): the input is the caller's SPIFFE ID, the
/// SPIFFE ID → connection ids map the paired <see cref="AuthorizeServer"/> keeps, and the connection ids of the
/// selector's path segments.
/// </summary>
/// <remarks>Placement: first element of the monitor chain. Default: no checks, as every upstream binary.</remarks>
public sealed class AuthorizeMonitorServer : IMonitorConnectionServer
{
    private readonly AuthorizeMonitorOptions _options;

    /// <summary>Initializes the element.</summary>
    /// <param name="options">The options; defaults (allow all) when <see langword="null"/>.</param>
    public AuthorizeMonitorServer(AuthorizeMonitorOptions? options = null) => _options = options ?? new AuthorizeMonitorOptions();

    /// <inheritdoc />
    public Task MonitorConnectionsAsync(MonitorScopeSelector selector, IAsyncStreamWriter<ConnectionEvent> stream, NsmContext context, MonitorConnectionHandler next)
    {
        ArgumentNullException.ThrowIfNull(selector);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        AuthorizationEnforcement.Enforce(_options.Policies, () => new MonitorAuthorizationInput(
            context.Peer.GetSpiffeId() ?? string.Empty,
            _options.ConnectionMap.Snapshot(),
            [.. selector.PathSegments.Select(s => s.Id).Where(id => !string.IsNullOrEmpty(id))]));
        return next.MonitorConnectionsAsync(selector, stream, context);
    }
}
