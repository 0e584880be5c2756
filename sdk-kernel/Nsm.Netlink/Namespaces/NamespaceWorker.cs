using System.Collections.Concurrent;

namespace Nsm.Sdk.Kernel.Namespaces;

/// <summary>
/// One long-lived thread for short work that must run inside a namespace (opening a netlink socket there): it enters
/// the namespace, does the work and comes back, item after item. Starting a thread for each item costs about half a
/// millisecond, which is a quarter of a veth pair's whole setup.
/// </summary>
internal static class NamespaceWorker
{
    private const int StackSize = 256 * 1024;
    private static readonly BlockingCollection<Action> Queue = [];
    private static readonly Thread Worker = Start();

    /// <summary>Queues <paramref name="work"/> (short, synchronous, never blocking on other queued work).</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="work">The work.</param>
    /// <returns>Its result.</returns>
    public static Task<T> RunAsync<T>(Func<T> work)
    {
        _ = Worker;
        var tcs = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Queue.Add(() => DedicatedThread.Complete(tcs, work));
        return tcs.Task;
    }

    private static Thread Start()
    {
        var thread = new Thread(
            () =>
            {
                foreach (var item in Queue.GetConsumingEnumerable())
                {
                    item();
                }
            },
            StackSize)
        {
            IsBackground = true,
            Name = "netns worker",
        };
        thread.UnsafeStart();
        return thread;
    }
}
