using Grpc.Core;
using Microsoft.Extensions.Logging;
using Nsm.Api.NetworkService;

namespace Nsm.Sdk.Core;

/// <summary>Exposes a MonitorConnection server chain as the <c>connection.MonitorConnection</c> gRPC service.</summary>
/// <param name="chains">The chains the component serves.</param>
/// <param name="clock">The clock handed to every call.</param>
/// <param name="loggerFactory">Creates the per-call logger.</param>
public sealed class MonitorConnectionGrpcService(NsmServerChains chains, TimeProvider clock, ILoggerFactory loggerFactory)
    : MonitorConnection.MonitorConnectionBase
{
    private readonly ILogger _logger = loggerFactory.CreateLogger("Nsm.MonitorConnection");

    /// <inheritdoc />
    public override async Task MonitorConnections(MonitorScopeSelector request, IServerStreamWriter<ConnectionEvent> responseStream, ServerCallContext context)
    {
        var server = chains.MonitorConnection ?? throw new RpcException(new Status(StatusCode.Unimplemented, "no monitor chain"));
        using var activity = GrpcTraceContext.StartServerActivity("MonitorConnectionGrpcService/MonitorConnections", context.RequestHeaders);
        var ctx = ServerCallContextFactory.Create(context, clock, _logger);
        try
        {
            await server.MonitorConnectionsAsync(request, responseStream, ctx, MonitorConnectionHandler.Tail).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The caller went away: a normal end of a monitor stream.
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw GrpcErrors.ToRpcException(ex, ctx);
        }
    }
}
