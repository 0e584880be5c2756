using Nsm.Sdk.Api;
using Nsm.Sdk.Builder;
using Microsoft.Extensions.Logging;
using Nsm.Api.NetworkService;
using Nsm.Api.Registry;
using NetworkService = Nsm.Api.Registry.NetworkService;
using Nsm.Sdk.Core;
using Nsm.Sdk.Registry;
using Nsm.Sdk.Registry.Matching;

namespace Nsm.Sdk.Common.NetworkServiceMonitor;

/// <summary>
/// nsmgr (upstream <c>netsvcmonitor</c>): after a connection is established, watches its network service in the
/// registry; when the service changes so that the connection's endpoint no longer matches, closes the
/// connection through begin, so the client heals onto a matching endpoint.
/// </summary>
/// <param name="services">The NetworkService registry.</param>
/// <param name="endpoints">The NetworkServiceEndpoint registry.</param>
/// <param name="context">The build context: its lifetime ends every watch when the component stops.</param>
public sealed partial class NetworkServiceMonitorServer(
    INetworkServiceRegistryClient services, INetworkServiceEndpointRegistryClient endpoints, NsmBuildContext? context = null) : INetworkServiceServer
{
    private readonly CancellationToken _lifetime = context?.Lifetime ?? CancellationToken.None;
    private static readonly NsmContextKey<CancellationTokenSource> Watch = new("netsvcmonitor.watch");
    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(100);

    /// <inheritdoc />
    public async ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(request);
        var index = (int)(request.Connection?.Path?.Index ?? 0);
        var connection = await next.RequestAsync(request, context).ConfigureAwait(false);

        // Along a service chain the hop's discover (after this element) marked the path with the hop it picked.
        var chainHop = ServiceChain.FindMarkerFrom(connection.Path, index);
        var metadata = context.MetadataMap(isClient: false);
        if (metadata.TryLoadAndDelete(Watch, out var previous))
        {
            await previous.CancelAsync().ConfigureAwait(false);
            previous.Dispose();
        }

        if (context.EventFactory() is { } events && !string.IsNullOrEmpty(connection.NetworkServiceEndpointName))
        {
            // The watch ends with Close (which the timeout element guarantees) or with the component.
            var cts = CancellationTokenSource.CreateLinkedTokenSource(_lifetime);
            metadata.Store(Watch, cts);
            _ = WatchAsync(WatchedFields(connection), chainHop, events, context.Clock, context.Logger, cts.Token);
        }

        return connection;
    }

    /// <inheritdoc />
    public async ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.MetadataMap(isClient: false).TryLoadAndDelete(Watch, out var watch))
        {
            await watch.CancelAsync().ConfigureAwait(false);
            watch.Dispose();
        }

        await next.CloseAsync(connection, context).ConfigureAwait(false);
    }

    /// <summary>
    /// The fields the watch reads (service, endpoint, labels): a watch lives as long as its connection, so it keeps
    /// neither a full copy of the connection (path, tokens, mechanism) nor the Request's context.
    /// </summary>
    private static Connection WatchedFields(Connection connection) => new()
    {
        Id = connection.Id,
        NetworkService = connection.NetworkService,
        NetworkServiceEndpointName = connection.NetworkServiceEndpointName,
        Labels = { connection.Labels },
    };

    /// <summary>
    /// Whether <paramref name="nse"/> still qualifies for the connection under <paramref name="service"/>'s new
    /// definition: along a service chain (this nsmgr picked hop <c>chainHop</c>), it must still serve that hop's service.
    /// </summary>
    private static bool StillQualifies(Connection connection, ServiceChainMark? chainHop, NetworkService service, NetworkServiceEndpoint nse)
    {
        if (chainHop is not { } hop)
        {
            return EndpointCandidates.Match(connection.Labels, service, [nse]).Count > 0;
        }

        var hops = hop.Match < service.Matches.Count ? ServiceChain.Hops(service.Matches[hop.Match]) : [];
        return hop.Hop < hops.Count && nse.NetworkServiceNames.Contains(hops[hop.Hop].Service);
    }

    private async Task WatchAsync(Connection connection, ServiceChainMark? chainHop, IConnectionEventFactory events, TimeProvider clock, ILogger logger, CancellationToken cancellationToken)
    {
        var context = new NsmContext(clock, logger, cancellationToken: cancellationToken);
        var query = new NetworkServiceQuery { NetworkService = new NetworkService { Name = connection.NetworkService }, Watch = true };
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await foreach (var update in services.FindAllAsync(query, context, cancellationToken).ConfigureAwait(false))
                {
                    if (update.Deleted || update.NetworkService.Name != connection.NetworkService)
                    {
                        continue;
                    }

                    var nse = await endpoints.FindEndpointAsync(connection.NetworkServiceEndpointName, context).ConfigureAwait(false);
                    if (nse is not null && !StillQualifies(connection, chainHop, update.NetworkService, nse))
                    {
                        LogNoLongerMatches(logger, connection.NetworkService, nse.Name, connection.Id);
                        await events.CloseAsync(CancellationToken.None).ConfigureAwait(false);
                        return;
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // a broken watch is retried, never allowed to crash the component
            catch (Exception)
#pragma warning restore CA1031
            {
            }

            try
            {
                await Task.Delay(RetryPause, clock, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(EventId = 1260, Level = LogLevel.Information, Message = "netsvcmonitor: network service {NetworkService} changed and endpoint {Endpoint} no longer matches connection {ConnectionId}: closing it so that the client heals")]
    private static partial void LogNoLongerMatches(ILogger logger, string networkService, string endpoint, string connectionId);
}
