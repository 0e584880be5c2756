using Grpc.Core;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.Monitor;

/// <summary>How a watch of the next hop ended.</summary>
internal enum NextHopWatchEnd
{
    /// <summary>Our own cancellation ended it.</summary>
    Cancelled,

    /// <summary>The event callback asked to stop.</summary>
    Stopped,

    /// <summary>The next hop ended the stream.</summary>
    Ended,

    /// <summary>The stream failed (the control plane to the next hop is lost).</summary>
    Failed,

    /// <summary>The next hop serves no MonitorConnection.</summary>
    Unimplemented,

    /// <summary>The next hop does not know the connection, after every retry of the policy.</summary>
    Unknown,
}

/// <summary>How a watch of the next hop ended, with the error of a failed stream.</summary>
/// <param name="End">How it ended.</param>
/// <param name="Error">The stream's error, for <see cref="NextHopWatchEnd.Failed"/> and <see cref="NextHopWatchEnd.Unimplemented"/>.</param>
internal readonly record struct NextHopWatchResult(NextHopWatchEnd End, Exception? Error = null);

/// <summary>How often a watch asks again when the next hop's initial state does not have the connection yet.</summary>
/// <param name="Attempts">How many streams to open in all before the connection counts as unknown there.</param>
/// <param name="Delay">The wait between them, on the watch's clock.</param>
internal readonly record struct NextHopRetryPolicy(int Attempts, TimeSpan Delay)
{
    /// <summary>Gets the passthrough default: 3 streams, 100 ms apart.</summary>
    public static NextHopRetryPolicy Default { get; } = new(3, TimeSpan.FromMilliseconds(100));
}

/// <summary>
/// The one loop that heal, upstreamrefresh and the monitor passthrough share to watch the next hop for one
/// connection: it reads the next hop's monitor stream, hands each event with what it means for our connection
/// (<see cref="NextHopMonitoring.Translate"/>) to the caller until the caller has seen enough, and reports how the
/// watch ended, telling our own cancellation apart from a lost next hop.
/// </summary>
internal static class NextHopWatch
{
    /// <summary>Reads an open stream until <paramref name="onEvent"/> returns <see langword="true"/> or the stream ends.</summary>
    /// <param name="stream">The open stream (its first event included).</param>
    /// <param name="mine">Our connection.</param>
    /// <param name="onEvent">Gets each event and our connection as it describes it (or <see langword="null"/>); returns whether to stop.</param>
    /// <returns>How the watch ended.</returns>
    public static async Task<NextHopWatchResult> ReadAsync(NextHopStream stream, Connection mine, Func<ConnectionEvent, Connection?, bool> onEvent)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(onEvent);
        var token = stream.Token;
        try
        {
            for (var e = stream.First; e is not null; e = await stream.NextAsync().ConfigureAwait(false))
            {
                if (onEvent(e, NextHopMonitoring.Translate(e, mine)))
                {
                    return new(NextHopWatchEnd.Stopped);
                }
            }

            return new(token.IsCancellationRequested ? NextHopWatchEnd.Cancelled : NextHopWatchEnd.Ended);
        }
        catch (Exception ex) when (NextHopMonitoring.IsOwnCancellation(ex, token))
        {
            return new(NextHopWatchEnd.Cancelled);
        }
#pragma warning disable CA1031 // every failure is reported to the caller, which decides what a lost next hop means
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return new(ex is RpcException { StatusCode: StatusCode.Unimplemented } ? NextHopWatchEnd.Unimplemented : NextHopWatchEnd.Failed, ex);
        }
    }

    /// <summary>
    /// Opens a stream for <paramref name="mine"/> and reads it like <see cref="ReadAsync"/>; while the next hop's
    /// initial state does not have the connection, opens it again as <paramref name="retry"/> says.
    /// </summary>
    /// <param name="client">The stream source.</param>
    /// <param name="mine">Our connection.</param>
    /// <param name="retry">The retry policy for a connection the next hop does not know (yet).</param>
    /// <param name="clock">The clock of the retry waits.</param>
    /// <param name="onEvent">Gets each event and our connection as it describes it; returns whether to stop.</param>
    /// <param name="cancellationToken">Ends the watch.</param>
    /// <returns>How the watch ended.</returns>
    public static async Task<NextHopWatchResult> WatchAsync(
        IMonitorConnectionClient client,
        Connection mine,
        NextHopRetryPolicy retry,
        TimeProvider clock,
        Func<ConnectionEvent, Connection?, bool> onEvent,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(onEvent);
        for (var attempt = 1; ; attempt++)
        {
            NextHopStream stream;
            try
            {
                stream = await NextHopStream.OpenAsync(client, mine, cancellationToken, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (NextHopMonitoring.IsOwnCancellation(ex, cancellationToken))
            {
                return new(NextHopWatchEnd.Cancelled);
            }
#pragma warning disable CA1031 // reported to the caller
            catch (Exception ex)
#pragma warning restore CA1031
            {
                return new(ex is RpcException { StatusCode: StatusCode.Unimplemented } ? NextHopWatchEnd.Unimplemented : NextHopWatchEnd.Failed, ex);
            }

            var unknown = false;
            NextHopWatchResult result;
            await using (stream.ConfigureAwait(false))
            {
                result = await ReadAsync(stream, mine, (e, conn) =>
                {
                    if (e.Type == ConnectionEventType.InitialStateTransfer && conn is null)
                    {
                        unknown = true;
                        return true;
                    }

                    return onEvent(e, conn);
                }).ConfigureAwait(false);
            }

            if (!unknown)
            {
                return result;
            }

            if (attempt >= retry.Attempts)
            {
                return new(NextHopWatchEnd.Unknown);
            }

            try
            {
                // Not known yet may be a moment's lag at the next hop; ask again before calling the connection unknown.
                await Task.Delay(retry.Delay, clock, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return new(NextHopWatchEnd.Cancelled);
            }
        }
    }
}
