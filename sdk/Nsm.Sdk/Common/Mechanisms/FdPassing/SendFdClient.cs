using Grpc.Core;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Core;
using Nsm.Sdk.Core.FdPassing;

namespace Nsm.Sdk.Common.Mechanisms.FdPassing;

/// <summary>
/// Upstream's sendfd client: on a unix-socket connection to the next hop, every <c>file://</c> <c>inodeURL</c> of
/// the request (each preference and the connection's mechanism) is opened and its descriptor passed with the call
/// (SCM_RIGHTS, grpcfd), and the parameter becomes <c>inode://dev/ino</c>; the response's is swapped back. Over TCP,
/// or with no connection yet, it does nothing. Place it after dial (it needs the connection).
/// </summary>
public sealed class SendFdClient : INetworkServiceClient
{
    /// <inheritdoc />
    public async ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (SenderOf(context) is not { } sender)
        {
            return await next.RequestAsync(request, context).ConfigureAwait(false);
        }

        var swapped = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var parameters in InodeUrlParameters.Of(request))
        {
            SendAndSwap(sender, parameters, swapped);
        }

        var connection = await next.RequestAsync(request, context).ConfigureAwait(false);
        SwapBack(InodeUrlParameters.Of(connection), swapped);
        return connection;
    }

    /// <inheritdoc />
    public async ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (SenderOf(context) is not { } sender)
        {
            await next.CloseAsync(connection, context).ConfigureAwait(false);
            return;
        }

        var swapped = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var parameters in InodeUrlParameters.Of(connection))
        {
            SendAndSwap(sender, parameters, swapped);
        }

        try
        {
            await next.CloseAsync(connection, context).ConfigureAwait(false);
        }
        finally
        {
            SwapBack(InodeUrlParameters.Of(connection), swapped);
        }
    }

    private static IFdSender? SenderOf(NsmContext context) =>
        context.TryGet(GrpcCallContextKeys.ClientConnection, out var invoker) || (context.Metadata is { } md && md.Client.TryLoad(GrpcCallContextKeys.ClientConnection, out invoker))
            ? NsmGrpcChannels.FdSenderOf(invoker)
            : null;

    private static void SendAndSwap(IFdSender sender, Google.Protobuf.Collections.MapField<string, string> parameters, Dictionary<string, string> swapped)
    {
        var url = parameters[CommonParameters.InodeUrl];
        if (InodeUrlParameters.FilePath(url) is not { } path)
        {
            return;
        }

        FdInode inode;
        try
        {
            inode = sender.SendFile(path);
        }
        catch (IOException ex)
        {
            // A namespace of a process that no longer exists: whoever it belonged to (an endpoint, a client) is gone.
            throw ProcessOf(path) is { } pid && !Directory.Exists("/proc/" + pid)
                ? new NsmStatusException(StatusCode.NotFound, $"sendfd: cannot pass {url}: process {pid} is gone", ex)
                : new NsmStatusException(StatusCode.FailedPrecondition, $"sendfd: cannot pass {url}: {ex.Message}", ex);
        }

        var inodeUrl = inode.ToUrl();
        parameters[CommonParameters.InodeUrl] = inodeUrl;
        swapped[inodeUrl] = url;
    }

    private static string? ProcessOf(string path) =>
        path.StartsWith("/proc/", StringComparison.Ordinal) && path.Split('/') is [_, _, var pid, ..] && pid.Length > 0 && pid.All(char.IsAsciiDigit) ? pid : null;

    private static void SwapBack(IEnumerable<Google.Protobuf.Collections.MapField<string, string>> all, Dictionary<string, string> swapped)
    {
        foreach (var parameters in all)
        {
            if (swapped.TryGetValue(parameters[CommonParameters.InodeUrl], out var original))
            {
                parameters[CommonParameters.InodeUrl] = original;
            }
        }
    }
}
