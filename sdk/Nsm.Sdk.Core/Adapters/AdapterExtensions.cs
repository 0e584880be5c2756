namespace Nsm.Sdk.Core;

/// <summary>Fluent adapters between server and client elements.</summary>
public static class AdapterExtensions
{
    /// <summary>Wraps a server element as a client element.</summary>
    /// <param name="server">The server element.</param>
    /// <returns>The client element.</returns>
    public static INetworkServiceClient AsClient(this INetworkServiceServer server) =>
        new ServerToClient(server);

    /// <summary>Wraps a client element as a server element.</summary>
    /// <param name="client">The client element.</param>
    /// <returns>The server element.</returns>
    public static INetworkServiceServer AsServer(this INetworkServiceClient client) => new ClientToServer(client);
}
