using Grpc.Core;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.Monitor;

/// <summary>Opens a monitor stream to the next hop over the call invoker the client half uses for it.</summary>
/// <param name="callInvoker">The next hop (what dial or clientconn stored in the client metadata).</param>
/// <param name="context">The context of the call that starts the stream (for its outgoing headers).</param>
/// <returns>The stream source.</returns>
public delegate IMonitorConnectionClient MonitorClientFactory(CallInvoker callInvoker, NsmContext context);

/// <summary>
/// What monitor, heal and upstreamrefresh share to watch the next hop: the selector, the event translation and
/// the default stream source.
/// </summary>
public static class NextHopMonitoring
{
    /// <summary>
    /// Gets the default stream source: the <c>connection.MonitorConnection</c> service of the next hop, called with
    /// the outgoing headers (token) the call that starts the stream carries.
    /// </summary>
    public static MonitorClientFactory Grpc { get; } = static (invoker, context) =>
    {
        global::Grpc.Core.Metadata? headers = null;
        if (context.TryGet(GrpcCallContextKeys.OutgoingHeaders, out var outgoing))
        {
            headers = [];
            foreach (var entry in outgoing)
            {
                headers.Add(entry);
            }
        }

        return new GrpcMonitorConnectionClient(invoker, () => headers);
    };

    /// <summary>Gets this hop's id of a connection: the id of its current path segment (or its id without a path).</summary>
    /// <param name="connection">The connection as this hop sees it.</param>
    /// <returns>The id.</returns>
    public static string OwnId(Connection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var path = connection.Path;
        return path is not null && path.Index < path.PathSegments.Count ? path.PathSegments[(int)path.Index].Id : connection.Id;
    }

    /// <summary>The selector that asks the next hop for the connection continuing this hop's one: our segment's id and name.</summary>
    /// <param name="connection">The connection as this hop sees it.</param>
    /// <returns>The selector.</returns>
    public static MonitorScopeSelector SelectorFor(Connection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var path = connection.Path;
        var name = path is not null && path.Index < path.PathSegments.Count ? path.PathSegments[(int)path.Index].Name : string.Empty;
        return new MonitorScopeSelector { PathSegments = { new PathSegment { Id = OwnId(connection), Name = name } } };
    }

    /// <summary>
    /// Translates an event of the next hop into what it means for <paramref name="mine"/>: a connection of the event
    /// counts when it has a segment at our index with our id and its index is ours or the next one. The result is
    /// our connection with the event's path (index reset to ours), context and state; DELETE means DOWN.
    /// </summary>
    /// <param name="connectionEvent">The event from the next hop.</param>
    /// <param name="mine">Our connection.</param>
    /// <returns>Our connection as the event describes it, or <see langword="null"/> when the event is not about it.</returns>
    public static Connection? Translate(ConnectionEvent connectionEvent, Connection mine)
    {
        ArgumentNullException.ThrowIfNull(connectionEvent);
        ArgumentNullException.ThrowIfNull(mine);
        var myIndex = mine.Path?.Index ?? 0;
        var myId = OwnId(mine);
        Connection? result = null;
        foreach (var conn in connectionEvent.Connections.Values)
        {
            var segments = conn.Path?.PathSegments;
            if (segments is null || segments.Count <= myIndex || !string.Equals(segments[(int)myIndex].Id, myId, StringComparison.Ordinal))
            {
                continue;
            }

            if (conn.Path!.Index != myIndex && conn.Path.Index != myIndex + 1)
            {
                continue;
            }

            var translated = mine.Clone();
            translated.Path = conn.Path.Clone();
            translated.Path.Index = myIndex;
            translated.Context = conn.Context?.Clone();
            translated.State = connectionEvent.Type == ConnectionEventType.Delete ? State.Down : conn.State;
            result = translated;
        }

        return result;
    }

    /// <summary>A one-connection UPDATE event keyed by this hop's id.</summary>
    /// <param name="connection">The connection.</param>
    /// <returns>The event.</returns>
    public static ConnectionEvent Update(Connection connection) => new()
    {
        Type = ConnectionEventType.Update,
        Connections = { [OwnId(connection)] = connection },
    };

    /// <summary>Whether an exception ending a stream is our own cancellation (not a lost control plane).</summary>
    /// <param name="exception">The exception.</param>
    /// <param name="token">Our token.</param>
    /// <returns><see langword="true"/> when we ended the stream.</returns>
    internal static bool IsOwnCancellation(Exception exception, CancellationToken token) =>
        token.IsCancellationRequested && exception is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled };
}
