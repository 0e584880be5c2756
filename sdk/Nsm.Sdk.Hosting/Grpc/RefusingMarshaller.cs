using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Nsm.Sdk.Hosting;

/// <summary>
/// Wraps a method's request marshaller so that bytes that do not parse are answered as grpc-go answers them, INTERNAL
/// "grpc: error unmarshalling request: ...", with a log line, instead of ASP.NET Core gRPC's UNKNOWN "Exception was thrown by handler";
/// a request that parses but holds a timestamp no conversion accepts is answered INVALID_ARGUMENT.
/// </summary>
internal static partial class RefusingMarshaller
{
    /// <summary>The method with the refusing request marshaller.</summary>
    public static Method<TRequest, TResponse> Wrap<TRequest, TResponse>(Method<TRequest, TResponse> method, ILogger logger)
        where TRequest : class
        where TResponse : class
    {
        var inner = method.RequestMarshaller;
        var refusing = new Marshaller<TRequest>(inner.ContextualSerializer, context =>
        {
            TRequest request;
            try
            {
                request = inner.ContextualDeserializer(context);
            }
            catch (Exception e) when (e is not RpcException and not OperationCanceledException)
            {
                LogMalformed(logger, method.FullName, e.Message);
                throw new RpcException(new Status(StatusCode.Internal, "grpc: error unmarshalling request: " + e.Message));
            }

            if (InvalidTimestamps.Find(request) is { } bad)
            {
                LogInvalid(logger, method.FullName, bad);
                throw new RpcException(new Status(StatusCode.InvalidArgument, $"{method.FullName}: invalid google.protobuf.Timestamp {bad}"));
            }

            return request;
        });
        return new Method<TRequest, TResponse>(method.Type, method.ServiceName, method.Name, refusing, method.ResponseMarshaller);
    }

    [LoggerMessage(EventId = 2600, Level = LogLevel.Warning, Message = "{Method}: refused a request that does not parse: {Reason}")]
    private static partial void LogMalformed(ILogger logger, string method, string reason);

    [LoggerMessage(EventId = 2601, Level = LogLevel.Warning, Message = "{Method}: refused a request with an invalid timestamp {Where}")]
    private static partial void LogInvalid(ILogger logger, string method, string where);
}
