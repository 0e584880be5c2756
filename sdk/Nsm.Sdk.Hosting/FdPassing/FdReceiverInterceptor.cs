using Grpc.Core;
using Grpc.Core.Interceptors;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Hosting.FdPassing;

/// <summary>Puts the connection's <see cref="IFdReceiverFeature"/> into the call's user state, where the chains' context factory finds it.</summary>
internal sealed class FdReceiverInterceptor : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        Stash(context);
        return continuation(request, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        Stash(context);
        return continuation(requestStream, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        Stash(context);
        return continuation(request, responseStream, context);
    }

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        Stash(context);
        return continuation(requestStream, responseStream, context);
    }

    private static void Stash(ServerCallContext context)
    {
        if (context.GetHttpContext().Features.Get<IFdReceiverFeature>() is { } feature)
        {
            context.UserState[GrpcCallContextKeys.FdReceiverUserStateKey] = feature.Receiver;
            context.UserState[GrpcCallContextKeys.FdSenderUserStateKey] = feature.Sender;
        }
    }
}
