using Nsm.Api.NetworkService;

namespace Nsm.Sdk.Core;

/// <summary>Makes a server element usable in a client chain; its <c>next</c> continues the client chain.</summary>
/// <param name="server">The server element.</param>
public sealed class ServerToClient(INetworkServiceServer server) : INetworkServiceClient
{
    /// <inheritdoc />
    public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next) =>
        server.RequestAsync(request, context, next);

    /// <inheritdoc />
    public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next) =>
        server.CloseAsync(connection, context, next);
}
