using Grpc.Core;

namespace Nsm.Sdk.Core;

/// <summary>Maps exceptions from a chain to the gRPC status a caller receives.</summary>
public static class GrpcErrors
{
    /// <summary>Converts an exception into an <see cref="RpcException"/> with a status that names the reason.</summary>
    /// <param name="exception">The exception.</param>
    /// <param name="context">The call context, to tell a deadline from a cancellation.</param>
    /// <returns>The exception to throw to the caller.</returns>
    public static RpcException ToRpcException(Exception exception, NsmContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            RpcException rpc => rpc,
            NsmStatusException nsm => new RpcException(new Status(nsm.StatusCode, nsm.Message)),
            OperationCanceledException when context?.RemainingTime is { } left && left <= TimeSpan.Zero =>
                new RpcException(new Status(StatusCode.DeadlineExceeded, "deadline exceeded")),
            OperationCanceledException => new RpcException(new Status(StatusCode.Cancelled, exception.Message)),
            TimeoutException => new RpcException(new Status(StatusCode.DeadlineExceeded, exception.Message)),
            ArgumentException or FormatException => new RpcException(new Status(StatusCode.InvalidArgument, exception.Message)),
            _ => new RpcException(new Status(StatusCode.Unknown, exception.Message)),
        };
    }
}
