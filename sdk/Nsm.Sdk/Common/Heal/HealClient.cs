using Nsm.Sdk.Builder;
using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Common.Monitor;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.Heal;

/// <summary>
/// The client element that restores a connection when the next hop or the data plane is lost (upstream's
/// <c>heal.NewClient</c>). After every successful Request it watches the next hop's monitor stream (and, with a
/// liveness check, the data plane); on loss it re-requests through begin's event factory.
/// </summary>
/// <remarks>
/// <para>Triggers: the monitor stream fails or ends (other than by our own cancellation) or shows our connection DOWN
/// (control plane); the liveness check returns false or times out (data plane).</para>
/// <para>Decision, as upstream: data plane lost → reselect. Control plane lost → reselect without a liveness check;
/// with one, a live data plane → restore (plain re-request: same endpoint, same forwarder), else reselect. While
/// restoring, every attempt re-checks liveness and switches to reselect once the data plane is dead.</para>
/// <para>Retries run until one succeeds, the connection is closed, or the chain token ends. Unlike upstream (which
/// retries in a tight loop), attempts are spaced by a short capped backoff (<see cref="HealOptions.FirstRetryDelay"/>
/// doubling up to <see cref="HealOptions.MaxRetryDelay"/>) and each one is logged, so a dead control plane is not
/// hammered and the operator can see healing progress (deployments-and-users.md §3.1); the cap keeps the time between
/// a replacement appearing and the next attempt at most one second.</para>
/// <para>Needs metadata and begin before it, and the call invoker of the next hop (dial/clientconn) in the client
/// metadata; without an invoker there is nothing to watch and the element only passes calls on. Do not use it in a
/// passthrough component.</para>
/// </remarks>
/// <param name="options">The options; defaults when <see langword="null"/>.</param>
/// <param name="context">
/// The build context: its lifetime stops every monitor and heal loop; its clock drives the loops (when it is the
/// system clock, the clock of the Request that started the loop does).
/// </param>
public sealed partial class HealClient(HealOptions? options = null, NsmBuildContext? context = null) : INetworkServiceClient
{
    private readonly CancellationToken _lifetime = context?.Lifetime ?? CancellationToken.None;
    private readonly TimeProvider? _clock = context?.TimeProvider is { } clock && clock != TimeProvider.System ? clock : null;
    private readonly HealOptions _options = options ?? new HealOptions();
    private readonly MonitorClientFactory _nextHopMonitor = options?.NextHopMonitor ?? NextHopMonitoring.Grpc;
    private readonly ConcurrentDictionary<string, HealLoop> _loops = new(StringComparer.Ordinal);
    private int _activeLoops;

    /// <summary>Gets the number of monitor/heal loops still running (for leak checks).</summary>
    internal int ActiveLoops => Volatile.Read(ref _activeLoops);

    internal HealOptions Options => _options;

    internal CancellationToken Lifetime => _lifetime;

    /// <inheritdoc />
    public async ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var md = context.MetadataMap(isClient: true);
        var id = request.Connection is { } requested ? NextHopMonitoring.OwnId(requested) : string.Empty;
        var closeTimeout = context.RemainingTime is { } left && left > TimeSpan.Zero ? left : TimeSpan.FromSeconds(15);
        var healing = false;
        var hadLoop = _loops.TryRemove(id, out var previous);
        if (hadLoop)
        {
            healing = await previous!.StopWatchingAsync().ConfigureAwait(false);
        }

        Connection conn;
        try
        {
            conn = await next.RequestAsync(request, context).ConfigureAwait(false);
        }
        catch (Exception ex) when (hadLoop && request.Connection is not null)
        {
            if (healing)
            {
                // The heal loop retries; keep it reachable so Close can stop it.
                _loops.TryAdd(id, previous!);
            }
            else
            {
                // A failed refresh: keep watching the old connection, so a dead next hop still triggers healing.
                try
                {
                    await StartAsync(request.Connection, context, md).ConfigureAwait(false);
                }
#pragma warning disable CA1031 // reported with the original error below
                catch (Exception startError)
#pragma warning restore CA1031
                {
                    context.Logger.LogWarning(startError, "heal: can't start monitoring after a failed refresh ({Error}): closing {Id}", ex.Message, request.Connection.Id);
                    await CloseQuietlyAsync(request.Connection, context, next, closeTimeout).ConfigureAwait(false);
                }
            }

            throw;
        }

        if (healing)
        {
            previous!.StopActing();
            LogReestablished(context.Logger, conn.Id);
        }

        try
        {
            await StartAsync(conn, context, md).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            context.Logger.LogWarning(ex, "heal: can't monitor the next hop of {Id}: closing it", conn.Id);
            await CloseQuietlyAsync(conn, context, next, closeTimeout).ConfigureAwait(false);
            throw;
        }

        return conn;
    }

    /// <inheritdoc />
    public async ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);

        // A Close while our own heal attempt runs is the first half of that attempt's reselect (begin closes the old
        // path, then re-requests): the loop must survive it. Any other Close ends monitoring and healing.
        var id = NextHopMonitoring.OwnId(connection);
        if (_loops.TryGetValue(id, out var loop) && !loop.AttemptInFlight && _loops.TryRemove(new KeyValuePair<string, HealLoop>(id, loop)))
        {
            loop.StopActing();
            await loop.StopWatchingAsync().ConfigureAwait(false);
        }

        await next.CloseAsync(connection, context).ConfigureAwait(false);
    }

    internal void LoopStarted() => Interlocked.Increment(ref _activeLoops);

    internal void LoopEnded(string id, HealLoop loop)
    {
        _loops.TryRemove(new KeyValuePair<string, HealLoop>(id, loop));
        Interlocked.Decrement(ref _activeLoops);
    }

    private static async Task CloseQuietlyAsync(Connection conn, NsmContext context, NetworkServiceHandler next, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout, context.Clock);
        try
        {
            await next.CloseAsync(conn.Clone(), context.Fork(context.Clock.GetUtcNow() + timeout, cts.Token)).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // best-effort cleanup of a connection we are failing anyway
        catch (Exception ex)
#pragma warning restore CA1031
        {
            context.Logger.LogWarning(ex, "heal: closing {Id} failed", conn.Id);
        }
    }

    private async Task StartAsync(Connection conn, NsmContext context, MetadataMap md)
    {
        if (_lifetime.IsCancellationRequested || !md.TryLoad(GrpcCallContextKeys.ClientConnection, out var invoker))
        {
            return;
        }

        if (context.EventFactory() is not { } factory)
        {
            context.Logger.LogWarning("heal: no event factory (put begin before heal): connection {Id} is not healed", conn.Id);
            return;
        }

        var stream = await NextHopStream.OpenAsync(_nextHopMonitor(invoker, context), conn, _lifetime, context.CancellationToken).ConfigureAwait(false);
        var loop = new HealLoop(this, stream, conn.Clone(), factory, _clock ?? context.Clock, context.Logger);
        _loops[NextHopMonitoring.OwnId(conn)] = loop;
        loop.Start();
    }

    [LoggerMessage(EventId = 1220, Level = LogLevel.Information, Message = "heal: connection {ConnectionId} re-established")]
    private static partial void LogReestablished(ILogger logger, string connectionId);
}
