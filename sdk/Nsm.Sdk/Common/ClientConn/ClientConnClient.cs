using Grpc.Core;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.ClientConn;

/// <summary>
/// Gives the connection a fixed gRPC connection to the next hop: stores the <see cref="CallInvoker"/> under
/// <see cref="GrpcCallContextKeys.ClientConnection"/> in the client metadata unless one is already there, and
/// removes it after Close when it is the one this element stored.
/// </summary>
/// <remarks>Placement: after metadata and before dial, which then leaves a user-supplied connection alone.</remarks>
/// <param name="callInvoker">The connection to use, or <see langword="null"/> to do nothing.</param>
public sealed class ClientConnClient(CallInvoker? callInvoker) : INetworkServiceClient
{
    /// <inheritdoc />
    public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (callInvoker is not null)
        {
            context.MetadataMap(isClient: true).LoadOrStore(GrpcCallContextKeys.ClientConnection, () => callInvoker);
        }

        return next.RequestAsync(request, context);
    }

    /// <inheritdoc />
    public async ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (callInvoker is not null)
        {
            context.MetadataMap(isClient: true).LoadOrStore(GrpcCallContextKeys.ClientConnection, () => callInvoker);
        }

        try
        {
            await next.CloseAsync(connection, context).ConfigureAwait(false);
        }
        finally
        {
            if (callInvoker is not null && context.Metadata is { } metadata
                && metadata.Client.TryLoad(GrpcCallContextKeys.ClientConnection, out var stored) && ReferenceEquals(stored, callInvoker))
            {
                metadata.Client.Delete(GrpcCallContextKeys.ClientConnection);
            }
        }
    }
}
