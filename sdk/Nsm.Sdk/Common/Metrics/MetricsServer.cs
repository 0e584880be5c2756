using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.Metrics;

/// <summary>
/// Counts the Requests and Closes a server chain handles, by network service and result, times the Requests, and
/// keeps <see cref="NsmMetricNames.ConnectionsActive"/> (tag <c>nsm.side=server</c>). It sits right after begin, so
/// it sees the caller's calls and the chain's own (expiry Closes) alike.
/// </summary>
/// <param name="metrics">The instruments; <see cref="NsmMetrics.Default"/> when <see langword="null"/>.</param>
public sealed class MetricsServer(NsmMetrics? metrics = null) : INetworkServiceServer
{
    private readonly ConnectionMetrics _metrics = new(metrics ?? NsmMetrics.Default, ConnectionMetrics.Server);

    /// <summary>Gets the number of connections the chain holds.</summary>
    public int ActiveCount => _metrics.ActiveCount;

    /// <inheritdoc />
    public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        return _metrics.RequestAsync(request, context, next);
    }

    /// <inheritdoc />
    public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        return _metrics.CloseAsync(connection, context, next);
    }
}
