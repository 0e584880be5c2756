using Nsm.Sdk.Kernel.Interop;
using Nsm.Sdk.Kernel.Netlink;

namespace Nsm.Sdk.Kernel.Namespaces;

/// <summary>Running code inside the namespace.</summary>
public sealed partial class NetNs
{
    /// <summary>
    /// Runs <paramref name="work"/> on a dedicated OS thread that has entered this namespace (setns) and exits
    /// afterwards; thread-pool threads never switch namespaces. Use it for anything that follows the calling
    /// thread's namespace: sysctl files under <c>/proc/sys/net</c>, sockets, starting child processes.
    /// </summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="work">
    /// Synchronous work. It must not start tasks, timers or threads, nor block on async code: threads created
    /// from inside would inherit the namespace. (Starting a child process is fine; it is meant to inherit it.)
    /// </param>
    /// <param name="cancellationToken">Checked before the thread starts; running work is not interrupted.</param>
    public Task<T> RunInAsync<T>(Func<T> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        return RunInsideAsync(work, inside => DedicatedThread.RunAsync($"netns {DisplayName}", inside), cancellationToken);
    }

    // Work without a result: this assembly's own (public callers return a value from RunInAsync<T>, so that the
    // public API has one overload with an optional parameter, RS0026).
    internal Task RunInAsync(Action work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        return RunInAsync(
            () =>
            {
                work();
                return true;
            },
            cancellationToken);
    }

    /// <summary>
    /// Opens a netlink handle bound to this namespace: the socket is created on a thread inside the namespace
    /// and stays bound to it, so the handle can then be used from any thread.
    /// </summary>
    /// <param name="cancellationToken">Checked before the socket is opened.</param>
    public Task<NetlinkHandle> OpenNetlinkAsync(CancellationToken cancellationToken = default) =>
        RunInsideAsync(() => NetlinkHandle.OpenInCurrentThreadNamespace(DisplayName), NamespaceWorker.RunAsync, cancellationToken);

    /// <summary>
    /// Opens a generic netlink handle bound to this namespace (families such as <c>wireguard</c> act on the devices of
    /// the namespace the socket was made in).
    /// </summary>
    /// <param name="cancellationToken">Checked before the socket is opened.</param>
    public Task<Genetlink.GenericNetlinkHandle> OpenGenericNetlinkAsync(CancellationToken cancellationToken = default) =>
        RunInsideAsync(() => Genetlink.GenericNetlinkHandle.OpenInCurrentThreadNamespace(DisplayName), NamespaceWorker.RunAsync, cancellationToken);

    // Holds the namespace open while `work` runs inside it on the thread `run` gives it.
    private Task<T> RunInsideAsync<T>(Func<T> work, Func<Func<T>, Task<T>> run, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<T>(cancellationToken);
        }

        AddRef();
        return run(() =>
        {
            try
            {
                return ThreadNamespace.RunInside(Fd, Path, work);
            }
            finally
            {
                Release();
            }
        });
    }

    /// <summary>Writes a sysctl inside this namespace, e.g. <c>net/ipv4/ip_forward</c> = <c>1</c>.</summary>
    /// <param name="key">The key, with <c>/</c> or <c>.</c> separators (<c>net.ipv4.ip_forward</c>).</param>
    /// <param name="value">The value to write.</param>
    /// <param name="cancellationToken">Checked before the work starts.</param>
    public Task WriteSysctlAsync(string key, string value, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var path = "/proc/sys/" + (key.Contains('/', StringComparison.Ordinal) ? key : key.Replace('.', '/'));
        return RunInAsync(() => File.WriteAllText(path, value), cancellationToken);
    }

    /// <summary>Reads a sysctl inside this namespace (trimmed).</summary>
    /// <param name="key">The key, with <c>/</c> or <c>.</c> separators.</param>
    /// <param name="cancellationToken">Checked before the work starts.</param>
    public Task<string> ReadSysctlAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var path = "/proc/sys/" + (key.Contains('/', StringComparison.Ordinal) ? key : key.Replace('.', '/'));
        return RunInAsync(() => File.ReadAllText(path).Trim(), cancellationToken);
    }
}
