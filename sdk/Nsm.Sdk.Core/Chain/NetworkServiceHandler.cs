using Nsm.Api.NetworkService;

namespace Nsm.Sdk.Core;

/// <summary>
/// The rest of a chain as seen by one element: what an element calls to continue.
/// </summary>
public abstract class NetworkServiceHandler
{
    /// <summary>Gets the tail that ends every chain: Request echoes the request's connection, Close does nothing.</summary>
    public static NetworkServiceHandler Tail { get; } = new TailHandler();

    /// <summary>Continues a Request.</summary>
    /// <param name="request">The request.</param>
    /// <param name="context">The call context.</param>
    /// <returns>The connection returned by the rest of the chain.</returns>
    public abstract ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context);

    /// <summary>Continues a Close.</summary>
    /// <param name="connection">The connection to close.</param>
    /// <param name="context">The call context.</param>
    /// <returns>A task that completes when the rest of the chain has closed.</returns>
    public abstract ValueTask CloseAsync(Connection connection, NsmContext context);

    private sealed class TailHandler : NetworkServiceHandler
    {
        public override ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context) =>
            new(request.Connection ?? new Connection());

        public override ValueTask CloseAsync(Connection connection, NsmContext context) => default;
    }
}
