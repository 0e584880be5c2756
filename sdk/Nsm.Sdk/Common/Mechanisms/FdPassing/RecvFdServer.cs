using Google.Protobuf.Collections;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Core;
using Nsm.Sdk.Core.FdPassing;

namespace Nsm.Sdk.Common.Mechanisms.FdPassing;

/// <summary>
/// Upstream's recvfd server: every <c>inode://dev/ino</c> <c>inodeURL</c> of a request that came over a unix socket
/// whose caller passed the descriptor with that (dev, ino) (it arrives with or before the request's bytes) becomes
/// <c>file:///proc/&lt;pid&gt;/fd/&lt;n&gt;</c> for the rest of the chain (the same path on every refresh); the
/// response's is swapped back. Each passed copy is claimed (a refresh's and a Close's are closed at once); the
/// connection's file is kept and closed on Close (also when the connection's
/// first Request fails); preferences that were not selected are closed after the response. A URL whose descriptor
/// was not passed stays <c>inode://</c> (the namespace-access check refuses it).
/// </summary>
public sealed class RecvFdServer : INetworkServiceServer
{
    /// <summary>The <c>file://</c> URLs this call's received descriptors were swapped in as: namespaces the caller proved it holds.</summary>
    public static readonly NsmContextKey<HashSet<string>> ReceivedUrls = new("recvfd.received-urls");

    private readonly Dictionary<string, ReceivedFiles> _files = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Gets how many connections hold received files.</summary>
    public int ConnectionCount
    {
        get
        {
            lock (_lock)
            {
                return _files.Count;
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (!context.TryGet(GrpcCallContextKeys.FdReceiver, out var receiver))
        {
            return await next.RequestAsync(request, context).ConfigureAwait(false);
        }

        var id = request.Connection?.Id ?? string.Empty;
        var files = FilesOf(id);
        Connection connection;
        try
        {
            foreach (var parameters in InodeUrlParameters.Of(request))
            {
                ReceiveAndSwap(parameters, files, receiver, context);
            }

            connection = await next.RequestAsync(request, context).ConfigureAwait(false);
        }
        catch when (!files.Established)
        {
            Forget(id, files);
            throw;
        }

        files.Established = true;
        foreach (var parameters in InodeUrlParameters.Of(connection))
        {
            lock (files)
            {
                if (files.TryGetInodeUrl(parameters[CommonParameters.InodeUrl], out var inodeUrl))
                {
                    parameters[CommonParameters.InodeUrl] = inodeUrl;
                    files.CloseAllBut(inodeUrl);
                }
            }
        }

        return connection;
    }

    /// <inheritdoc />
    public async ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var files = FilesOf(connection.Id);
        try
        {
            foreach (var parameters in InodeUrlParameters.Of(connection))
            {
                var inodeUrl = parameters[CommonParameters.InodeUrl];
                if (context.TryGet(GrpcCallContextKeys.FdReceiver, out var receiver) && FdInode.TryParseUrl(inodeUrl, out var inode)
                    && receiver.TryReceive(inode, out var passed))
                {
                    passed.Dispose(); // Close passes it again; the connection's own file is used
                }

                lock (files)
                {
                    if (files.TryGet(inodeUrl, out var fd))
                    {
                        parameters[CommonParameters.InodeUrl] = fd.FileUrl;
                    }
                }
            }

            await next.CloseAsync(connection, context).ConfigureAwait(false);
        }
        finally
        {
            foreach (var parameters in InodeUrlParameters.Of(connection))
            {
                lock (files)
                {
                    if (files.TryGetInodeUrl(parameters[CommonParameters.InodeUrl], out var inodeUrl))
                    {
                        parameters[CommonParameters.InodeUrl] = inodeUrl;
                    }
                }
            }

            Forget(connection.Id, files);
        }
    }

    private static void ReceiveAndSwap(MapField<string, string> parameters, ReceivedFiles files, IFdReceiver receiver, NsmContext context)
    {
        var inodeUrl = parameters[CommonParameters.InodeUrl];
        if (!FdInode.TryParseUrl(inodeUrl, out var inode))
        {
            return;
        }

        ReceivedFd? fd;
        lock (files)
        {
            var passed = receiver.TryReceive(inode, out var copy);
            if (files.TryGet(inodeUrl, out fd))
            {
                copy?.Dispose(); // a refresh passes it again: the path stays the first one's
            }
            else if (passed)
            {
                files.Add(inodeUrl, copy!);
                fd = copy!;
            }
            else
            {
                return;
            }
        }

        parameters[CommonParameters.InodeUrl] = fd.FileUrl;
        if (!context.TryGet(ReceivedUrls, out var received))
        {
            received = new HashSet<string>(StringComparer.Ordinal);
            context.Set(ReceivedUrls, received);
        }

        received.Add(fd.FileUrl);
    }

    private ReceivedFiles FilesOf(string id)
    {
        lock (_lock)
        {
            if (!_files.TryGetValue(id, out var files))
            {
                files = new ReceivedFiles();
                _files[id] = files;
            }

            return files;
        }
    }

    private void Forget(string id, ReceivedFiles files)
    {
        lock (_lock)
        {
            if (_files.TryGetValue(id, out var current) && ReferenceEquals(current, files))
            {
                _files.Remove(id);
            }
        }

        lock (files)
        {
            files.CloseAll();
        }
    }
}
