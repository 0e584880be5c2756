using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.Monitor;

/// <summary>
/// A monitor stream to the next hop about one connection, opened and confirmed by its first event (the initial
/// state transfer), as heal and upstreamrefresh need before they return from a Request.
/// </summary>
internal sealed class NextHopStream : IAsyncDisposable
{
    private readonly CancellationTokenSource _cts;
    private readonly IAsyncEnumerator<ConnectionEvent> _events;
    private int _disposed;

    private NextHopStream(CancellationTokenSource cts, IAsyncEnumerator<ConnectionEvent> events, ConnectionEvent first)
    {
        _cts = cts;
        _events = events;
        First = first;
    }

    /// <summary>Gets the first event (normally INITIAL_STATE_TRANSFER).</summary>
    public ConnectionEvent First { get; }

    /// <summary>Gets the token that ends the stream.</summary>
    public CancellationToken Token => _cts.Token;

    /// <summary>Opens a stream for <paramref name="mine"/> and waits for its first event.</summary>
    /// <param name="client">The stream source.</param>
    /// <param name="mine">Our connection.</param>
    /// <param name="lifetime">Ends the stream (the chain token).</param>
    /// <param name="openToken">Bounds the wait for the first event (the Request's token).</param>
    /// <returns>The open stream.</returns>
    public static async Task<NextHopStream> OpenAsync(IMonitorConnectionClient client, Connection mine, CancellationToken lifetime, CancellationToken openToken)
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(lifetime);
        var events = client.MonitorConnectionsAsync(NextHopMonitoring.SelectorFor(mine), cts.Token).GetAsyncEnumerator(cts.Token);
        try
        {
            bool any;
            using (openToken.Register(static s => ((CancellationTokenSource)s!).Cancel(), cts))
            {
                any = await events.MoveNextAsync().ConfigureAwait(false);
            }

            cts.Token.ThrowIfCancellationRequested();
            if (!any)
            {
                throw new NsmStatusException(Grpc.Core.StatusCode.Unavailable, "the next hop ended the monitor stream before its initial state transfer");
            }

            return new NextHopStream(cts, events, events.Current);
        }
        catch
        {
            await cts.CancelAsync().ConfigureAwait(false);
            await events.DisposeAsync().ConfigureAwait(false);
            cts.Dispose();
            throw;
        }
    }

    /// <summary>Reads the next event.</summary>
    /// <returns>The event, or <see langword="null"/> when the next hop ended the stream.</returns>
    public async ValueTask<ConnectionEvent?> NextAsync() =>
        await _events.MoveNextAsync().ConfigureAwait(false) ? _events.Current : null;

    /// <summary>Ends the stream; a pending <see cref="NextAsync"/> fails with a cancellation.</summary>
    public void Cancel()
    {
        if (Volatile.Read(ref _disposed) == 0)
        {
            try
            {
                _cts.Cancel();
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    /// <summary>Ends the stream and releases it. Call it only when no <see cref="NextAsync"/> is pending.</summary>
    /// <returns>A task that completes when released.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _cts.CancelAsync().ConfigureAwait(false);
        try
        {
            await _events.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _cts.Dispose();
        }
    }
}
