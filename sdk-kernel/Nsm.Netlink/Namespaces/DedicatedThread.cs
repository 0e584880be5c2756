namespace Nsm.Sdk.Kernel.Namespaces;

/// <summary>
/// Runs synchronous work on a fresh OS thread that exits afterwards. Used for everything that changes the
/// calling thread's namespace (setns, unshare), so thread-pool threads never switch namespaces.
/// </summary>
internal static class DedicatedThread
{
    private const int StackSize = 256 * 1024;

    /// <summary>Starts <paramref name="work"/> on a new thread and completes with its result or exception.</summary>
    /// <param name="name">The thread name (for debuggers).</param>
    /// <param name="work">The work; it must not block on async code.</param>
    public static Task<T> RunAsync<T>(string name, Func<T> work)
    {
        var tcs = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() => Complete(tcs, work), StackSize)
        {
            IsBackground = true,
            Name = name,
        };
        thread.UnsafeStart();
        return tcs.Task;
    }

    /// <summary>Runs <paramref name="work"/> on the calling thread and hands its result or failure to <paramref name="tcs"/>.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="tcs">Where the outcome goes.</param>
    /// <param name="work">The work.</param>
    public static void Complete<T>(TaskCompletionSource<T> tcs, Func<T> work)
    {
        try
        {
            tcs.TrySetResult(work());
        }
#pragma warning disable CA1031 // Every failure is handed to the awaiting caller through the task.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            tcs.TrySetException(ex);
        }
    }
}
