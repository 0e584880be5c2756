using Nsm.Api.NetworkService;

namespace Nsm.Sdk.Core;

/// <summary>
/// Makes a client element usable in a server chain; when the client calls its <c>next</c>, control returns to
/// the rest of the server chain.
/// </summary>
/// <param name="client">The client element.</param>
public sealed class ClientToServer(INetworkServiceClient client) : INetworkServiceServer
{
    /// <inheritdoc />
    public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next) =>
        client.RequestAsync(request, context, next);

    /// <inheritdoc />
    public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next) =>
        client.CloseAsync(connection, context, next);
}
