using System.Collections.Concurrent;
using Grpc.Core;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Common.Dial;
using Nsm.Sdk.Common.Discover;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.RoundRobin;

/// <summary>
/// Chooses among the endpoints discover found, in turn per network service: it sets the client URL and the
/// connection's endpoint name and continues; when the chosen endpoint fails it tries the next one. A client URL
/// already in the context (an endpoint pinned by name) is kept.
/// </summary>
/// <remarks>Endpoints that could not be dialed at all (<see cref="NextHopUnreachableException"/>) are tried after
/// all others until they re-register or answer (<see cref="UnreachableCandidates"/>).</remarks>
/// <param name="unreachable">The memory of unreachable endpoints; a new one of this element's own when <see langword="null"/>.</param>
public sealed class RoundRobinServer(UnreachableCandidates? unreachable = null) : INetworkServiceServer
{
    private readonly ConcurrentDictionary<string, StrongBox> _counters = new(StringComparer.Ordinal);
    private readonly UnreachableCandidates _unreachable = unreachable ?? new UnreachableCandidates();

    /// <summary>Gets the memory of endpoints that could not be dialed.</summary>
    public UnreachableCandidates Unreachable => _unreachable;

    /// <inheritdoc />
    public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.ClientUrl is not null)
        {
            return next.RequestAsync(request, context);
        }

        if (!context.TryGet(DiscoverCandidates.Key, out var found) || found.Endpoints.Count == 0)
        {
            throw new NsmStatusException(StatusCode.NotFound, "no endpoint candidates: put discover before roundrobin");
        }

        var counter = _counters.GetOrAdd(found.NetworkService.Name, static _ => new StrongBox());
        var start = (int)((uint)Interlocked.Increment(ref counter.Value) - 1) % found.Endpoints.Count;
        var ordered = _unreachable.Order(found.Endpoints, start, UnreachableCandidateHandler.Identify, context.Clock);
        var watched = new UnreachableCandidateHandler(next, _unreachable);
        return CandidateAttempts.TryInOrderAsync(
            ordered,
            0,
            request,
            context,
            watched,
            (nse, clone) =>
            {
                watched.Current = nse;
                clone.Connection.NetworkServiceEndpointName = nse.Name;
                return EndpointUrl.Parse(nse);
            },
            "all candidates have failed");
    }

    /// <inheritdoc />
    public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return next.CloseAsync(connection, context);
    }

    private sealed class StrongBox
    {
        public int Value;
    }
}
