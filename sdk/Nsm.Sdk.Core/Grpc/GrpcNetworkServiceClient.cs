using Grpc.Core;
using Nsm.Api.NetworkService;

namespace Nsm.Sdk.Core;

/// <summary>
/// The client element that crosses the process boundary: it sends the Request or Close to a remote
/// NetworkService and returns its answer. It ends the client chain (it does not call <c>next</c>).
/// </summary>
/// <remarks>
/// The remote is the fixed <see cref="CallInvoker"/> given at construction or, when none is given, the one an
/// earlier element (dial, clientconn) stored under <see cref="GrpcCallContextKeys.ClientConnection"/> in the
/// client metadata. Headers in <see cref="GrpcCallContextKeys.OutgoingHeaders"/> are sent with the call.
/// </remarks>
/// <param name="callInvoker">A fixed remote, or <see langword="null"/> to use the one in the metadata.</param>
public sealed class GrpcNetworkServiceClient(CallInvoker? callInvoker = null) : INetworkServiceClient
{
    /// <inheritdoc />
    public async ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        var client = new NetworkService.NetworkServiceClient(Invoker(context));
        return await client.RequestAsync(request, context.OutgoingCallOptions()).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        var client = new NetworkService.NetworkServiceClient(Invoker(context));
        await client.CloseAsync(connection, context.OutgoingCallOptions()).ConfigureAwait(false);
    }

    private CallInvoker Invoker(NsmContext context) => context.ResolveClientConnection(callInvoker);
}
