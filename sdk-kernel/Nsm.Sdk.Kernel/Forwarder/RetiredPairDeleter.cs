using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Nsm.Sdk.Kernel.Configuration;

namespace Nsm.Sdk.Kernel.Forwarder;

/// <summary>
/// Deletes retired veth pairs off the Close path: a bounded queue with one worker (the kernel serializes link
/// deletes anyway). A full queue, or one that was already completed, makes the caller delete at once. Disposing
/// finishes every pending delete. Each pair's namespaces are released after its delete.
/// </summary>
internal sealed partial class RetiredPairDeleter : IAsyncDisposable
{
    private readonly Channel<(RetiredVethPair Pair, ILogger Logger)> _queue;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _clock;
    private readonly Task _worker;
    private int _pending;

    public RetiredPairDeleter(int capacity, TimeSpan timeout, TimeProvider clock)
    {
        _queue = Channel.CreateBounded<(RetiredVethPair, ILogger)>(new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        _timeout = timeout;
        _clock = clock;
        _worker = Task.Run(WorkAsync);
    }

    /// <summary>Gets the number of pairs queued or being deleted.</summary>
    public int Pending => Volatile.Read(ref _pending);

    /// <summary>Queues the pair, or deletes it now when the queue is full or completed (or <paramref name="now"/> says so).</summary>
    public Task DeleteAsync(RetiredVethPair pair, ILogger logger, bool now = false)
    {
        Interlocked.Increment(ref _pending);
        return !now && _queue.Writer.TryWrite((pair, logger)) ? Task.CompletedTask : DeleteNowAsync(pair, logger);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _worker.ConfigureAwait(false);
    }

    private async Task WorkAsync()
    {
        await foreach (var (pair, logger) in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            await DeleteNowAsync(pair, logger).ConfigureAwait(false);
        }
    }

    private async Task DeleteNowAsync(RetiredVethPair pair, ILogger logger)
    {
        using var cts = new CancellationTokenSource(_timeout, _clock);
        try
        {
            if (await VethPairConfigurator.DeleteRetiredAsync(pair, cts.Token).ConfigureAwait(false))
            {
                LogDeleted(logger, pair.Original.Client.Name, pair.ClientName ?? pair.ForwarderName ?? "-");
            }
        }
#pragma warning disable CA1031 // A failed delete is logged; the worker goes on with the next pair.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogDeleteFailed(logger, ex, pair.Original.Client.Name, pair.ClientName ?? pair.ForwarderName ?? "-");
        }
        finally
        {
            pair.Original.Client.Namespace.Dispose();
            pair.Original.Forwarder.Namespace.Dispose();
            Interlocked.Decrement(ref _pending);
        }
    }

    [LoggerMessage(EventId = 2010, Level = LogLevel.Debug, Message = "kernel forwarder: deleted the retired veth of {Nsc} ({Temporary})")]
    private static partial void LogDeleted(ILogger logger, string nsc, string temporary);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Warning, Message = "kernel forwarder: deleting the retired veth of {Nsc} ({Temporary}) failed")]
    private static partial void LogDeleteFailed(ILogger logger, Exception ex, string nsc, string temporary);
}
