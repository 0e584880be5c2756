namespace Nsm.Sdk.Kernel.Netlink;

/// <summary>
/// An rtnetlink client bound to one network namespace: links, addresses, routes, rules and neighbours.
/// Open it for the process's own namespace with <see cref="Open"/>, or for another one with
/// <see cref="Namespaces.NetNs.OpenNetlinkAsync"/> (the socket is created inside that namespace and stays
/// bound to it). Calls are serialized; each is one short synchronous kernel round trip done by the caller.
/// A rejected request throws <see cref="NetlinkException"/> naming the operation and the interface.
/// </summary>
public sealed partial class NetlinkHandle : IDisposable
{
    /// <summary>How long a request waits for the kernel's answer before it fails.</summary>
    public static readonly TimeSpan ReceiveTimeout = TimeSpan.FromSeconds(10);

    private const int RequestBufferSize = 1024;
    private readonly NetlinkSocket _socket;
    private readonly SemaphoreSlim _gate = new(1, 1);

    private NetlinkHandle(NetlinkSocket socket, string namespaceName)
    {
        _socket = socket;
        NamespaceName = namespaceName;
    }

    /// <summary>The name of the namespace the handle is bound to (for messages).</summary>
    public string NamespaceName { get; }

    /// <summary>
    /// Opens a handle in the calling thread's namespace. On thread-pool threads that is the namespace the
    /// process runs in (this library never moves them).
    /// </summary>
    public static NetlinkHandle Open() => OpenInCurrentThreadNamespace("(current)");

    /// <inheritdoc/>
    public override string ToString() => $"netlink handle in {NamespaceName}";

    /// <inheritdoc/>
    public void Dispose()
    {
        _socket.Dispose();
        _gate.Dispose();
    }

    /// <summary>Opens a socket in the namespace of the calling thread.</summary>
    internal static NetlinkHandle OpenInCurrentThreadNamespace(string namespaceName) =>
        new(NetlinkSocket.Open(ReceiveTimeout), namespaceName);

    /// <summary>Runs one synchronous operation on the socket under the handle's lock.</summary>
    private async Task<TResult> CallAsync<TArg, TResult>(TArg arg, Func<NetlinkSocket, TArg, TResult> operation, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!_gate.Wait(0, CancellationToken.None))
        {
            await _gate.WaitAsync(cancellationToken);
        }

        try
        {
            return operation(_socket, arg);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Runs one synchronous operation without a result.</summary>
    // For requests the kernel answers only after an RCU grace period (deleting a link: tens of milliseconds): they run on
    // a thread of their own, so that concurrent Closes do not hold thread-pool threads and stall everything else.
    private async Task<TResult> CallOnOwnThreadAsync<TArg, TResult>(TArg arg, Func<NetlinkSocket, TArg, TResult> operation, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await Namespaces.DedicatedThread.RunAsync("netlink " + NamespaceName, () => operation(_socket, arg)).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task CallAsync<TArg>(TArg arg, Action<NetlinkSocket, TArg> operation, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!_gate.Wait(0, CancellationToken.None))
        {
            await _gate.WaitAsync(cancellationToken);
        }

        try
        {
            operation(_socket, arg);
        }
        finally
        {
            _gate.Release();
        }
    }
}
