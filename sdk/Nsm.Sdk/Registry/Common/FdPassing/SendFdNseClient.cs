using Grpc.Core;
using Nsm.Api.Registry;
using Nsm.Sdk.Core;
using Nsm.Sdk.Core.FdPassing;
using NseHandler = Nsm.Sdk.Registry.RegistryHandler<Nsm.Api.Registry.NetworkServiceEndpoint, Nsm.Api.Registry.NetworkServiceEndpointQuery, Nsm.Api.Registry.NetworkServiceEndpointResponse>;

namespace Nsm.Sdk.Registry.Common.FdPassing;

/// <summary>
/// Upstream's registry sendfd client: an NSE that listens on a unix socket and registers over a unix socket passes
/// its socket file with the call (SCM_RIGHTS, grpcfd) and registers <c>inode://dev/ino</c> instead of its path, so an
/// nsmgr in another mount namespace (another pod) can dial it through the descriptor it received. The response's URL
/// is swapped back. Over TCP, or for a URL that is not <c>unix://</c>, it does nothing.
/// </summary>
/// <remarks>Chain placement: the NSE's registry client, after dial (it needs the connection), before the token and the call.</remarks>
public sealed class SendFdNseClient : INetworkServiceEndpointRegistryClient
{
    /// <inheritdoc />
    public async ValueTask<NetworkServiceEndpoint> RegisterAsync(NetworkServiceEndpoint item, NsmContext context, NseHandler next)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (Pass(item, context) is not { } passed)
        {
            return await next.RegisterAsync(item, context).ConfigureAwait(false);
        }

        var registered = await next.RegisterAsync(passed, context).ConfigureAwait(false);
        if (registered.Url != passed.Url)
        {
            return registered;
        }

        registered = registered.Clone();
        registered.Url = item.Url;
        return registered;
    }

    /// <inheritdoc />
    public Task FindAsync(NetworkServiceEndpointQuery query, IAsyncStreamWriter<NetworkServiceEndpointResponse> stream, NsmContext context, NseHandler next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return next.FindAsync(query, stream, context);
    }

    /// <inheritdoc />
    public ValueTask UnregisterAsync(NetworkServiceEndpoint item, NsmContext context, NseHandler next)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        return next.UnregisterAsync(Pass(item, context) ?? item, context);
    }

    // The record with its unix URL replaced by the inode of the passed socket file; null when nothing is passed.
    private static NetworkServiceEndpoint? Pass(NetworkServiceEndpoint item, NsmContext context)
    {
        if (!Uri.TryCreate(item.Url, UriKind.Absolute, out var url) || !NsmUrl.IsUnix(url) || SenderOf(context) is not { } sender)
        {
            return null;
        }

        FdInode inode;
        try
        {
            inode = sender.SendFile(NsmUrl.SocketPath(url));
        }
        catch (IOException ex)
        {
            throw new NsmStatusException(StatusCode.FailedPrecondition, $"sendfd: cannot pass the socket of {item.Name} ({item.Url}): {ex.Message}", ex);
        }

        var passed = item.Clone();
        passed.Url = inode.ToUrl();
        return passed;
    }

    private static IFdSender? SenderOf(NsmContext context) =>
        context.TryGet(GrpcCallContextKeys.ClientConnection, out var invoker) ? NsmGrpcChannels.FdSenderOf(invoker) : null;
}
