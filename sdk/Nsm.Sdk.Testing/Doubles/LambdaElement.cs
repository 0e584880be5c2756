using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Testing;

/// <summary>An element made of two lambdas (checks, probes, stand-in endpoints); a missing lambda calls next.</summary>
/// <param name="onRequest">Handles a Request (and decides whether to call next); <see langword="null"/> calls next.</param>
/// <param name="onClose">Handles a Close (and decides whether to call next); <see langword="null"/> calls next.</param>
public sealed class LambdaElement(
    Func<NetworkServiceRequest, NsmContext, NetworkServiceHandler, ValueTask<Connection>>? onRequest = null,
    Func<Connection, NsmContext, NetworkServiceHandler, ValueTask>? onClose = null)
    : INetworkServiceServer, INetworkServiceClient
{
    /// <summary>Runs the Request lambda, or calls next without one.</summary>
    /// <param name="request">The request.</param>
    /// <param name="context">The call context.</param>
    /// <param name="next">The rest of the chain.</param>
    /// <returns>The connection.</returns>
    public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next) =>
        onRequest is null ? next.RequestAsync(request, context) : onRequest(request, context, next);

    /// <summary>Runs the Close lambda, or calls next without one.</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="context">The call context.</param>
    /// <param name="next">The rest of the chain.</param>
    /// <returns>A task that completes when the Close is done.</returns>
    public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next) =>
        onClose is null ? next.CloseAsync(connection, context) : onClose(connection, context, next);

    /// <summary>Runs <paramref name="check"/> on each Request before calling next.</summary>
    /// <param name="check">The check; it throws to fail the Request.</param>
    /// <returns>The element.</returns>
    public static LambdaElement CheckRequest(Action<NetworkServiceRequest, NsmContext> check) =>
        new((r, c, n) =>
        {
            check(r, c);
            return n.RequestAsync(r, c);
        });

    /// <summary>Runs <paramref name="check"/> on each Close before calling next.</summary>
    /// <param name="check">The check; it throws to fail the Close.</param>
    /// <returns>The element.</returns>
    public static LambdaElement CheckClose(Action<Connection, NsmContext> check) =>
        new(null, (conn, c, n) =>
        {
            check(conn, c);
            return n.CloseAsync(conn, c);
        });

    /// <summary>Changes the connection on the way back.</summary>
    /// <param name="change">Changes the connection next returned.</param>
    /// <returns>The element.</returns>
    public static LambdaElement OnResponse(Action<Connection> change) =>
        new(async (r, c, n) =>
        {
            var conn = await n.RequestAsync(r, c);
            change(conn);
            return conn;
        });
}
