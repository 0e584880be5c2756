using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Nsm.Api.NetworkService;

namespace Nsm.Sdk.Core;

/// <summary>Exposes a server chain as the <c>networkservice.NetworkService</c> gRPC service.</summary>
/// <param name="chains">The chains the component serves.</param>
/// <param name="clock">The clock handed to every call.</param>
/// <param name="loggerFactory">Creates the per-call logger.</param>
public sealed partial class NetworkServiceGrpcService(NsmServerChains chains, TimeProvider clock, ILoggerFactory loggerFactory)
    : NetworkService.NetworkServiceBase
{
    private readonly ILogger _logger = loggerFactory.CreateLogger("Nsm.NetworkService");

    /// <inheritdoc />
    public override async Task<Connection> Request(NetworkServiceRequest request, ServerCallContext context)
    {
        var server = chains.NetworkService ?? throw new RpcException(new Status(StatusCode.Unimplemented, "no network service chain"));
        using var activity = GrpcTraceContext.StartServerActivity("NetworkServiceGrpcService/Request", context.RequestHeaders);
        var ctx = ServerCallContextFactory.Create(context, clock, _logger);
        var id = request.Connection?.Id ?? string.Empty;
        using var scope = _logger.BeginScope(new ConnectionScope(id));
        try
        {
            return await server.RequestAsync(request, ctx, NetworkServiceHandler.Tail).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            var rpc = GrpcErrors.ToRpcException(ex, ctx);
            LogFailed(_logger, "Request", id, rpc.StatusCode, rpc.Status.Detail);
            throw rpc;
        }
    }

    /// <inheritdoc />
    public override async Task<Empty> Close(Connection request, ServerCallContext context)
    {
        var server = chains.NetworkService ?? throw new RpcException(new Status(StatusCode.Unimplemented, "no network service chain"));
        using var activity = GrpcTraceContext.StartServerActivity("NetworkServiceGrpcService/Close", context.RequestHeaders);
        var ctx = ServerCallContextFactory.Create(context, clock, _logger);
        using var scope = _logger.BeginScope(new ConnectionScope(request.Id));
        try
        {
            await server.CloseAsync(request, ctx, NetworkServiceHandler.Tail).ConfigureAwait(false);
            return new Empty();
        }
        catch (Exception ex)
        {
            var rpc = GrpcErrors.ToRpcException(ex, ctx);
            LogFailed(_logger, "Close", request.Id, rpc.StatusCode, rpc.Status.Detail);
            throw rpc;
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "{Operation} {ConnectionId} failed with {StatusCode}: {Detail}")]
    private static partial void LogFailed(ILogger logger, string operation, string connectionId, StatusCode statusCode, string detail);
}
