using Microsoft.Extensions.Logging;
using Grpc.Core;
using Nsm.Api.NetworkService;
using Nsm.Api.Registry;
using NetworkService = Nsm.Api.Registry.NetworkService;
using Nsm.Sdk.Api;
using Nsm.Sdk.Common.Dial;
using Nsm.Sdk.Common.Discover;
using Nsm.Sdk.Core;
using Nsm.Sdk.Registry;
using Nsm.Sdk.Registry.Matching;

namespace Nsm.Sdk.Common.DiscoverForwarder;

/// <summary>
/// nsmgr: chooses the local forwarder for a connection and sets the client URL to it. The choice is sticky: the
/// forwarder that first accepted a connection serves its refreshes, until the client asks to reselect. A new
/// connection prefers the forwarder named in the next path segment (a hint from an earlier path).
/// </summary>
/// <remarks>Forwarders qualify by the network service's match metadata labels (default <c>p2p=true</c>). Forwarders
/// that could not be dialed at all (<see cref="NextHopUnreachableException"/>) are tried after all others until they
/// re-register or answer (<see cref="DiscoverForwarderOptions.Unreachable"/>).</remarks>
/// <param name="services">The NetworkService registry.</param>
/// <param name="endpoints">The NetworkServiceEndpoint registry (forwarders are endpoints of the forwarder service).</param>
/// <param name="options">The options.</param>
public sealed partial class DiscoverForwarderServer(
    INetworkServiceRegistryClient services, INetworkServiceEndpointRegistryClient endpoints, DiscoverForwarderOptions? options = null) : INetworkServiceServer
{
    private static readonly NsmContextKey<string> ForwarderName = new("discoverforwarder.name");
    private readonly DiscoverForwarderOptions _options = options ?? new DiscoverForwarderOptions();
    private readonly UnreachableCandidates _unreachable = options?.Unreachable ?? new UnreachableCandidates();

    /// <inheritdoc />
    public async ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var metadata = context.MetadataMap(isClient: false);
        var connection = request.Connection;
        var reselect = connection.State == State.ReselectRequested;
        if (reselect)
        {
            metadata.Delete(ForwarderName);
        }

        metadata.TryLoad(ForwarderName, out var stored);
        var service = (await services.FindServicesAsync(new NetworkService { Name = connection.NetworkService }, context).ConfigureAwait(false))
            .Find(s => s.Name == connection.NetworkService) ?? new NetworkService { Name = connection.NetworkService };
        var chain = ServiceChainStep.Locate(service, connection);
        var candidates = Candidates(await FindForwardersAsync(stored, context).ConfigureAwait(false), service, connection, chain);
        if (candidates.Count == 0 && stored is not null)
        {
            // The chosen forwarder is gone from the registry (a replaced forwarder pod comes back under a new name).
            // Another forwarder of this node takes the connection over at once, instead of the client's heal waiting
            // for its restore timeout before it reselects everything; with none, the same one is waited for (it may
            // only be re-registering after an nsmgr restart).
            candidates = Candidates(await FindForwardersAsync(null, context).ConfigureAwait(false), service, connection, chain);
            if (candidates.Count > 0)
            {
                LogTakenOver(context.Logger, connection.Id, stored, candidates[0].Name);
                metadata.Delete(ForwarderName);
                stored = null;
            }
        }
        if (candidates.Count == 0 && stored is null && NoMatchingMatch.Describe(service, connection.Labels) is { } reason)
        {
            throw new NsmStatusException(StatusCode.NotFound, $"network service {connection.NetworkService}: {reason}");
        }

        if (candidates.Count == 0)
        {
            throw new NsmStatusException(
                StatusCode.Unavailable,
                stored is not null ? $"forwarder {stored} is not available" : $"no forwarder candidates found for {connection.NetworkService}");
        }

        if (stored is null && !reselect && connection.GetNextPathSegment()?.Name is { Length: > 0 } hint)
        {
            var preferred = candidates.FindIndex(f => f.Name == hint);
            if (preferred > 0)
            {
                (candidates[0], candidates[preferred]) = (candidates[preferred], candidates[0]);
            }
        }

        var watched = new UnreachableCandidateHandler(next, _unreachable);
        return await CandidateAttempts.TryInOrderAsync(
            _unreachable.Order(candidates, 0, UnreachableCandidateHandler.Identify, context.Clock),
            0,
            request,
            context,
            watched,
            (forwarder, _) =>
            {
                watched.Current = forwarder;
                return EndpointUrl.Parse(forwarder);
            },
            "all forwarders have failed",
            forwarder => metadata.LoadOrStore(ForwarderName, () => forwarder.Name)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var name = context.MetadataMap(isClient: false).TryLoad(ForwarderName, out var stored) ? stored : connection.GetNextPathSegment()?.Name;
        if (!string.IsNullOrEmpty(name))
        {
            try
            {
                var forwarder = (await FindForwardersAsync(name, context).ConfigureAwait(false)).Find(f => f.Name == name);
                if (forwarder is not null)
                {
                    context.ClientUrl = EndpointUrl.Parse(forwarder);
                }
            }
            catch (Exception ex) when (ex is RpcException or NsmStatusException)
            {
                // Close always continues so that everything after this element is released.
            }
        }

        await next.CloseAsync(connection, context).ConfigureAwait(false);
    }

    private List<NetworkServiceEndpoint> Candidates(List<NetworkServiceEndpoint> forwarders, NetworkService service, Connection connection, ServiceChainStep? chain) =>
        chain is null
            ? ForwarderCandidates.Match(connection.Labels, service, forwarders, _options.ForwarderServiceName).ToList()
            : ForwarderCandidates.ForMatch(service.Matches[chain.Match], connection.Labels, forwarders, _options.ForwarderServiceName);

    private Task<List<NetworkServiceEndpoint>> FindForwardersAsync(string? name, NsmContext context) =>
        endpoints.FindEndpointsAsync(
            new NetworkServiceEndpoint
            {
                Name = name ?? string.Empty,
                NetworkServiceNames = { _options.ForwarderServiceName },
                Url = _options.NsmgrUrl?.ToString().TrimEnd('/') ?? string.Empty,
            },
            context);

    [LoggerMessage(EventId = 1219, Level = LogLevel.Warning, Message = "discoverforwarder: forwarder {Gone} of connection {ConnectionId} is no longer registered; {Next} takes the connection over")]
    private static partial void LogTakenOver(ILogger logger, string connectionId, string gone, string next);
}
