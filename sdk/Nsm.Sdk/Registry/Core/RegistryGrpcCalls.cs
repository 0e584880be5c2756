using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Registry;

/// <summary>
/// The shared body of the registry gRPC services: the server span (a child of the caller's span the request headers
/// carry, see <see cref="GrpcTraceContext"/>), context, response headers, error mapping and logging.
/// </summary>
internal static partial class RegistryGrpcCalls
{
    public static async Task<T> RegisterAsync<T, TQuery, TResponse>(
        IRegistryElement<T, TQuery, TResponse>? chain, T item, ServerCallContext call, TimeProvider clock, ILogger logger, string name)
    {
        using var activity = GrpcTraceContext.StartServerActivity(SpanNames<T>.Register, call.RequestHeaders);
        var ctx = ServerCallContextFactory.Create(call, clock, logger);
        try
        {
            var result = await Chain(chain).RegisterAsync(item, ctx, RegistryHandler<T, TQuery, TResponse>.Tail).ConfigureAwait(false);
            await ServerCallContextFactory.WriteResponseHeadersAsync(call, ctx).ConfigureAwait(false);
            return result;
        }
        catch (Exception ex)
        {
            throw Fail(ex, ctx, logger, "Register", name);
        }
    }

    public static async Task UnregisterAsync<T, TQuery, TResponse>(
        IRegistryElement<T, TQuery, TResponse>? chain, T item, ServerCallContext call, TimeProvider clock, ILogger logger, string name)
    {
        using var activity = GrpcTraceContext.StartServerActivity(SpanNames<T>.Unregister, call.RequestHeaders);
        var ctx = ServerCallContextFactory.Create(call, clock, logger);
        try
        {
            await Chain(chain).UnregisterAsync(item, ctx, RegistryHandler<T, TQuery, TResponse>.Tail).ConfigureAwait(false);
            await ServerCallContextFactory.WriteResponseHeadersAsync(call, ctx).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            throw Fail(ex, ctx, logger, "Unregister", name);
        }
    }

    /// <summary>Runs a Find; a one-shot Find's answers are flushed in batches (<see cref="BatchingServerStreamWriter{T}"/>), a watch's one by one.</summary>
    public static async Task FindAsync<T, TQuery, TResponse>(
        IRegistryElement<T, TQuery, TResponse>? chain, TQuery query, bool watch, IServerStreamWriter<TResponse> stream, ServerCallContext call, TimeProvider clock, ILogger logger)
        where TResponse : IMessage
    {
        using var activity = GrpcTraceContext.StartServerActivity(SpanNames<T>.Find, call.RequestHeaders);
        var ctx = ServerCallContextFactory.Create(call, clock, logger);
        try
        {
            var writer = watch ? stream : new BatchingServerStreamWriter<TResponse>(stream);
            await Chain(chain).FindAsync(query, writer, ctx, RegistryHandler<T, TQuery, TResponse>.Tail).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (call.CancellationToken.IsCancellationRequested)
        {
            // The caller ended its watch.
        }
        catch (Exception ex)
        {
            throw Fail(ex, ctx, logger, "Find", string.Empty);
        }
    }

    private static IRegistryElement<T, TQuery, TResponse> Chain<T, TQuery, TResponse>(IRegistryElement<T, TQuery, TResponse>? chain) =>
        chain ?? throw new RpcException(new Status(StatusCode.Unimplemented, "this component serves no such registry"));

    private static RpcException Fail(Exception ex, NsmContext ctx, ILogger logger, string operation, string name)
    {
        var rpc = GrpcErrors.ToRpcException(ex, ctx);
        LogFailed(logger, operation, name, rpc.StatusCode, rpc.Status.Detail);
        return rpc;
    }

    // One set of span names per record type ("NetworkServiceEndpointRegistry/Register", ...), built once.
    private static class SpanNames<T>
    {
        public static readonly string Register = typeof(T).Name + "Registry/Register";
        public static readonly string Find = typeof(T).Name + "Registry/Find";
        public static readonly string Unregister = typeof(T).Name + "Registry/Unregister";
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "{Operation} {Name} failed with {StatusCode}: {Detail}")]
    private static partial void LogFailed(ILogger logger, string operation, string name, StatusCode statusCode, string detail);
}
