using Grpc.Core;
using Microsoft.Extensions.Logging;
using Nsm.Api.NetworkService;
using Nsm.Api.Registry;
using NetworkService = Nsm.Api.Registry.NetworkService;
using Nsm.Sdk.Core;
using Nsm.Sdk.Registry;
using Nsm.Sdk.Registry.Matching;

namespace Nsm.Sdk.Common.Discover;

/// <summary>
/// Finds where a request goes. With an endpoint name on the connection it looks that endpoint up and sets the
/// client URL; otherwise it finds the network service and its matching endpoints and hands them to the next
/// element (roundrobin) as <see cref="DiscoverCandidates"/>. A client URL already in the context is kept.
/// </summary>
/// <param name="services">The NetworkService registry.</param>
/// <param name="endpoints">The NetworkServiceEndpoint registry.</param>
public sealed partial class DiscoverServer(INetworkServiceRegistryClient services, INetworkServiceEndpointRegistryClient endpoints) : INetworkServiceServer
{
    /// <inheritdoc />
    public async ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.ClientUrl is not null)
        {
            return await next.RequestAsync(request, context).ConfigureAwait(false);
        }

        var connection = request.Connection;
        if (!string.IsNullOrEmpty(connection.NetworkServiceEndpointName))
        {
            var nse = await endpoints.FindEndpointAsync(connection.NetworkServiceEndpointName, context).ConfigureAwait(false)
                ?? throw new NsmStatusException(StatusCode.NotFound, $"network service endpoint {connection.NetworkServiceEndpointName} not found");
            context.ClientUrl = EndpointUrl.Parse(nse);
            return await next.RequestAsync(request, context).ConfigureAwait(false);
        }

        var service = await FindServiceAsync(connection, context).ConfigureAwait(false);
        var clone = request.Clone();
        IReadOnlyList<NetworkServiceEndpoint> candidates;
        if (ServiceChainStep.Locate(service, connection) is { } step)
        {
            candidates = await FindHopCandidatesAsync(step, connection, context).ConfigureAwait(false);
            step.MarkOn(clone.Connection);
            LogChainHop(context.Logger, service.Name, step, candidates.Count, connection.Id);
        }
        else
        {
            var alive = await FindAliveAsync(service.Name, context).ConfigureAwait(false);
            candidates = EndpointCandidates.Match(connection.Labels, service, alive);
            if (candidates.Count == 0)
            {
                throw new NsmStatusException(StatusCode.NotFound, NoMatchingMatch.Describe(service, connection.Labels) is { } reason
                    ? $"network service endpoint candidates not found for {service.Name}: {reason}"
                    : $"network service endpoint candidates not found for {service.Name}");
            }
        }

        clone.Connection.Payload = service.Payload;
        context.Set(DiscoverCandidates.Key, new DiscoverCandidates(service, candidates));
        return await next.RequestAsync(clone, context).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.ClientUrl is null && !string.IsNullOrEmpty(connection.NetworkServiceEndpointName))
        {
            try
            {
                if (await endpoints.FindEndpointAsync(connection.NetworkServiceEndpointName, context).ConfigureAwait(false) is { } nse)
                {
                    context.ClientUrl = EndpointUrl.Parse(nse);
                }
            }
            catch (Exception ex) when (ex is RpcException or NsmStatusException or FormatException)
            {
                // Close always continues: the rest of the chain releases what it holds even if the endpoint is gone.
            }
        }

        await next.CloseAsync(connection, context).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<NetworkServiceEndpoint>> FindHopCandidatesAsync(ServiceChainStep step, Connection connection, NsmContext context)
    {
        var hop = step.Current;
        var alive = await FindAliveAsync(hop.Service, context).ConfigureAwait(false);
        var candidates = alive.FindAll(e =>
            LabelSelector.IsSubset(e.NetworkServiceLabels.TryGetValue(hop.Service, out var set) ? set?.Labels : null, hop.Selector, connection.Labels));
        return candidates.Count > 0
            ? candidates
            : throw new NsmStatusException(StatusCode.NotFound, $"network service {step.NetworkService}: no endpoint of {hop.Service} for chain {step}");
    }

    private async Task<List<NetworkServiceEndpoint>> FindAliveAsync(string serviceName, NsmContext context)
    {
        var offered = await endpoints.FindEndpointsAsync(new NetworkServiceEndpoint { NetworkServiceNames = { serviceName } }, context).ConfigureAwait(false);
        var now = context.Clock.GetUtcNow();
        return offered.FindAll(e => e.ExpirationTime is null || e.ExpirationTime.ToDateTimeOffset() > now);
    }

    [LoggerMessage(EventId = 1211, Level = LogLevel.Information, Message = "discover: {NetworkService} goes through its chain, {Step}: {Count} candidate(s) for connection {ConnectionId}")]
    private static partial void LogChainHop(ILogger logger, string networkService, ServiceChainStep step, int count, string connectionId);

    private async Task<NetworkService> FindServiceAsync(Connection connection, NsmContext context)
    {
        var found = await services.FindServicesAsync(new NetworkService { Name = connection.NetworkService, Payload = connection.Payload }, context).ConfigureAwait(false);
        return found.Find(s => s.Name == connection.NetworkService)
            ?? throw new NsmStatusException(StatusCode.NotFound, $"network service {connection.NetworkService} is not found");
    }
}
