using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Testing;

/// <summary>An element made of two lambdas (checks, probes, stand-in endpoints); a missing lambda calls next.</summary>
public sealed class LambdaElement(
    Func<NetworkServiceRequest, NsmContext, NetworkServiceHandler, ValueTask<Connection>>? onRequest = null,
    Func<Connection, NsmContext, NetworkServiceHandler, ValueTask>? onClose = null)
    : INetworkServiceServer, INetworkServiceClient
{
    public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next) =>
        onRequest is null ? next.RequestAsync(request, context) : onRequest(request, context, next);

    public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next) =>
        onClose is null ? next.CloseAsync(connection, context) : onClose(connection, context, next);

    /// <summary>Runs <paramref name="check"/> on each Request before calling next.</summary>
    public static LambdaElement CheckRequest(Action<NetworkServiceRequest, NsmContext> check) =>
        new((r, c, n) =>
        {
            check(r, c);
            return n.RequestAsync(r, c);
        });

    /// <summary>Runs <paramref name="check"/> on each Close before calling next.</summary>
    public static LambdaElement CheckClose(Action<Connection, NsmContext> check) =>
        new(null, (conn, c, n) =>
        {
            check(conn, c);
            return n.CloseAsync(conn, c);
        });

    /// <summary>Changes the connection on the way back.</summary>
    public static LambdaElement OnResponse(Action<Connection> change) =>
        new(async (r, c, n) =>
        {
            var conn = await n.RequestAsync(r, c);
            change(conn);
            return conn;
        });
}
