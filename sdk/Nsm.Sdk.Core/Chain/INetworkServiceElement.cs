using Nsm.Api.NetworkService;

namespace Nsm.Sdk.Core;

/// <summary>
/// The shape shared by server and client elements: do one thing, then decide whether and when to call
/// <c>next</c>. Not calling <c>next</c> short-circuits the rest of the chain.
/// </summary>
/// <remarks>
/// One instance may serve many connections at once. Keep per-connection state in
/// <see cref="NsmContext.Metadata"/> or in maps keyed by the connection id, and remove it on Close and on a
/// failed first Request.
/// </remarks>
public interface INetworkServiceElement
{
    /// <summary>Handles a Request.</summary>
    /// <param name="request">The request; elements may change it before calling <paramref name="next"/>.</param>
    /// <param name="context">The call context.</param>
    /// <param name="next">The rest of the chain.</param>
    /// <returns>The connection for the caller.</returns>
    ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next);

    /// <summary>Handles a Close.</summary>
    /// <param name="connection">The connection to close.</param>
    /// <param name="context">The call context.</param>
    /// <param name="next">The rest of the chain.</param>
    /// <returns>A task that completes when the connection is closed.</returns>
    ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next);
}

/// <summary>An element of a server chain (the side that answers a caller).</summary>
public interface INetworkServiceServer : INetworkServiceElement;

/// <summary>An element of a client chain (the side that calls the next hop).</summary>
public interface INetworkServiceClient : INetworkServiceElement;
