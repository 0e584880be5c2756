using Nsm.Sdk.Kernel.Interop;
using Nsm.Sdk.Kernel.Netlink;

namespace Nsm.Sdk.Kernel.Genetlink;

/// <summary>Writes one request into <paramref name="buffer"/> from <paramref name="arg"/>.</summary>
internal delegate NetlinkWriter GenericRequestWriter<in TArg>(Span<byte> buffer, TArg arg);

/// <summary>
/// A generic netlink (NETLINK_GENERIC) client bound to one network namespace: resolves families by name through the
/// controller <c>nlctrl</c>, and carries the requests of family clients such as <see cref="WireGuardNetlink"/>. Open it
/// for the process's own namespace with <see cref="Open"/>, or for another one with
/// <see cref="Namespaces.NetNs.OpenGenericNetlinkAsync"/>. Calls are serialized; a rejected request throws
/// <see cref="NetlinkException"/>.
/// </summary>
public sealed class GenericNetlinkHandle : IDisposable
{
    private readonly NetlinkSocket _socket;
    private readonly SemaphoreSlim _gate = new(1, 1);

    private GenericNetlinkHandle(NetlinkSocket socket, string namespaceName)
    {
        _socket = socket;
        NamespaceName = namespaceName;
    }

    /// <summary>Gets the name of the namespace the handle is bound to (for messages).</summary>
    public string NamespaceName { get; }

    /// <summary>Opens a handle in the calling thread's namespace (on thread-pool threads: the process's).</summary>
    /// <exception cref="NetlinkException">The socket cannot be opened.</exception>
    public static GenericNetlinkHandle Open() => OpenInCurrentThreadNamespace("(current)");

    /// <summary>Resolves the family named <paramref name="name"/>.</summary>
    /// <param name="name">The family name, e.g. <c>nlctrl</c>, <c>ethtool</c> or <c>wireguard</c>.</param>
    /// <param name="cancellationToken">Checked before the request is sent.</param>
    /// <exception cref="NetlinkException">The kernel has no such family ("the kernel has no generic netlink family NAME"), or the request failed.</exception>
    public async Task<GenericNetlinkFamily> ResolveFamilyAsync(string name, CancellationToken cancellationToken = default) =>
        await TryResolveFamilyAsync(name, cancellationToken).ConfigureAwait(false)
        ?? throw new NetlinkException(MissingFamilyMessage(name, NamespaceName));

    /// <summary>Resolves the family named <paramref name="name"/>, or null when the kernel has none (ENOENT).</summary>
    /// <param name="name">The family name.</param>
    /// <param name="cancellationToken">Checked before the request is sent.</param>
    /// <exception cref="ArgumentException">The name is empty or longer than 15 characters.</exception>
    /// <exception cref="NetlinkException">The request failed otherwise.</exception>
    public async Task<GenericNetlinkFamily?> TryResolveFamilyAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Length > Genl.MaxFamilyName)
        {
            throw new ArgumentException($"'{name}' is not a generic netlink family name (at most {Genl.MaxFamilyName} characters)", nameof(name));
        }

        var found = new List<GenericNetlinkFamily>(1);
        try
        {
            await QueryAsync(
                name,
                128,
                static (buffer, n) => FamilyOps.WriteGetFamily(buffer, n),
                "CTRL_CMD_GETFAMILY",
                name,
                found,
                static (_, payload, list) =>
                {
                    if (FamilyOps.Parse(payload) is { } family)
                    {
                        list.Add(family);
                    }
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (NetlinkException e) when (e.ErrorCode == Errno.ENOENT)
        {
            return null;
        }

        return found.Count == 0 ? null : found[0];
    }

    /// <inheritdoc/>
    public override string ToString() => $"generic netlink handle in {NamespaceName}";

    /// <inheritdoc/>
    public void Dispose()
    {
        _socket.Dispose();
        _gate.Dispose();
    }

    /// <summary>The message for a family the kernel does not have.</summary>
    internal static string MissingFamilyMessage(string name, string namespaceName) =>
        $"the kernel has no generic netlink family {name} (asked nlctrl in {namespaceName})";

    /// <summary>Opens a socket in the namespace of the calling thread.</summary>
    internal static GenericNetlinkHandle OpenInCurrentThreadNamespace(string namespaceName) =>
        new(NetlinkSocket.Open(NetlinkHandle.ReceiveTimeout, Genl.NETLINK_GENERIC), namespaceName);

    /// <summary>Sends a request built by <paramref name="write"/> (which asks for an ack) and waits for the ack.</summary>
    internal Task ExecuteAsync<TArg>(TArg arg, int bufferSize, GenericRequestWriter<TArg> write, string operation, string target, CancellationToken cancellationToken) =>
        QueryAsync<TArg, object?>(arg, bufferSize, write, operation, target, null, static (_, _, _) => { }, cancellationToken);

    /// <summary>Sends a get or dump request built by <paramref name="write"/> and hands every answer message to <paramref name="handler"/>.</summary>
    internal async Task QueryAsync<TArg, TState>(
        TArg arg,
        int bufferSize,
        GenericRequestWriter<TArg> write,
        string operation,
        string target,
        TState state,
        NetlinkMessageHandler<TState> handler,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var buffer = new byte[bufferSize];
            var request = write(buffer, arg);
            _socket.Query(ref request, operation, target, state, handler);
        }
        finally
        {
            _gate.Release();
        }
    }
}
