namespace Nsm.Sdk.Common.Begin;

/// <summary>
/// Runs asynchronous work items one at a time, in the order they were queued, without blocking a thread
/// while waiting for a turn.
/// </summary>
/// <remarks>
/// The first caller that finds the executor idle drains the queue on its own flow; later callers only queue and
/// await their item. A failing item does not stop the items behind it.
/// </remarks>
internal sealed class SerialExecutor
{
    private readonly Queue<Func<Task>> _queue = new();
    private readonly Lock _lock = new();
    private bool _running;

    /// <summary>Gets a value indicating whether an item is running or queued (for tests).</summary>
    public bool IsBusy
    {
        get
        {
            lock (_lock)
            {
                return _running;
            }
        }
    }

    /// <summary>Queues <paramref name="work"/> and returns a task for its result.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="work">The work item.</param>
    /// <returns>A task that completes with the item's result or error once it has run.</returns>
    public Task<T> RunAsync<T>(Func<Task<T>> work)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Enqueue(async () =>
        {
            try
            {
                done.TrySetResult(await work().ConfigureAwait(false));
            }
            catch (Exception ex)
            {
                done.TrySetException(ex);
            }
        });
        return done.Task;
    }

    private void Enqueue(Func<Task> item)
    {
        lock (_lock)
        {
            _queue.Enqueue(item);
            if (_running)
            {
                return;
            }

            _running = true;
        }

        _ = DrainAsync();
    }

    private async Task DrainAsync()
    {
        while (true)
        {
            Func<Task>? item;
            lock (_lock)
            {
                if (!_queue.TryDequeue(out item))
                {
                    _running = false;
                    return;
                }
            }

            // Items never throw: RunAsync reports errors through the item's own task.
            await item().ConfigureAwait(false);
        }
    }
}
