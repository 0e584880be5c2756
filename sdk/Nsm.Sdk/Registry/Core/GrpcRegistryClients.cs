using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Nsm.Api.Registry;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Registry;

/// <summary>
/// The registry client element that crosses the process boundary. It ends the chain. The remote is the fixed
/// invoker or the one under <see cref="GrpcCallContextKeys.ClientConnection"/>; headers under
/// <see cref="GrpcCallContextKeys.OutgoingHeaders"/> are sent with the current span's trace context
/// (<see cref="GrpcTraceContext"/>), and response headers of Register and Unregister are stored under
/// <see cref="GrpcCallContextKeys.IncomingHeaders"/>.
/// </summary>
/// <typeparam name="T">The record type.</typeparam>
/// <typeparam name="TQuery">The query type.</typeparam>
/// <typeparam name="TResponse">The response type.</typeparam>
/// <param name="callInvoker">A fixed remote, or <see langword="null"/>.</param>
public abstract class GrpcRegistryClient<T, TQuery, TResponse>(CallInvoker? callInvoker) : IRegistryElement<T, TQuery, TResponse>
{
    /// <inheritdoc />
    public async ValueTask<T> RegisterAsync(T item, NsmContext context, RegistryHandler<T, TQuery, TResponse> next)
    {
        using var call = Register(context.ResolveClientConnection(callInvoker), item, context.OutgoingCallOptions());
        var result = await call.ResponseAsync.ConfigureAwait(false);
        context.Set(GrpcCallContextKeys.IncomingHeaders, await call.ResponseHeadersAsync.ConfigureAwait(false));
        return result;
    }

    /// <inheritdoc />
    public async Task FindAsync(TQuery query, IAsyncStreamWriter<TResponse> stream, NsmContext context, RegistryHandler<T, TQuery, TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var call = Find(context.ResolveClientConnection(callInvoker), query, context.OutgoingCallOptions());
        while (await call.ResponseStream.MoveNext(context.CancellationToken).ConfigureAwait(false))
        {
            await stream.WriteAsync(call.ResponseStream.Current).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask UnregisterAsync(T item, NsmContext context, RegistryHandler<T, TQuery, TResponse> next)
    {
        using var call = Unregister(context.ResolveClientConnection(callInvoker), item, context.OutgoingCallOptions());
        await call.ResponseAsync.ConfigureAwait(false);
        context.Set(GrpcCallContextKeys.IncomingHeaders, await call.ResponseHeadersAsync.ConfigureAwait(false));
    }

    /// <summary>Starts a Register call.</summary>
    /// <param name="invoker">The remote.</param>
    /// <param name="item">The record.</param>
    /// <param name="options">The call options.</param>
    /// <returns>The call.</returns>
    protected abstract AsyncUnaryCall<T> Register(CallInvoker invoker, T item, CallOptions options);

    /// <summary>Starts a Find call.</summary>
    /// <param name="invoker">The remote.</param>
    /// <param name="query">The query.</param>
    /// <param name="options">The call options.</param>
    /// <returns>The call.</returns>
    protected abstract AsyncServerStreamingCall<TResponse> Find(CallInvoker invoker, TQuery query, CallOptions options);

    /// <summary>Starts an Unregister call.</summary>
    /// <param name="invoker">The remote.</param>
    /// <param name="item">The record.</param>
    /// <param name="options">The call options.</param>
    /// <returns>The call.</returns>
    protected abstract AsyncUnaryCall<Empty> Unregister(CallInvoker invoker, T item, CallOptions options);
}

/// <summary>Calls a remote <c>registry.NetworkServiceEndpointRegistry</c>.</summary>
/// <param name="callInvoker">A fixed remote, or <see langword="null"/> to use the one in the context.</param>
public sealed class GrpcNetworkServiceEndpointRegistryClient(CallInvoker? callInvoker = null)
    : GrpcRegistryClient<NetworkServiceEndpoint, NetworkServiceEndpointQuery, NetworkServiceEndpointResponse>(callInvoker), INetworkServiceEndpointRegistryClient
{
    /// <inheritdoc />
    protected override AsyncUnaryCall<NetworkServiceEndpoint> Register(CallInvoker invoker, NetworkServiceEndpoint item, CallOptions options) =>
        new NetworkServiceEndpointRegistry.NetworkServiceEndpointRegistryClient(invoker).RegisterAsync(item, options);

    /// <inheritdoc />
    protected override AsyncServerStreamingCall<NetworkServiceEndpointResponse> Find(CallInvoker invoker, NetworkServiceEndpointQuery query, CallOptions options) =>
        new NetworkServiceEndpointRegistry.NetworkServiceEndpointRegistryClient(invoker).Find(query, options);

    /// <inheritdoc />
    protected override AsyncUnaryCall<Empty> Unregister(CallInvoker invoker, NetworkServiceEndpoint item, CallOptions options) =>
        new NetworkServiceEndpointRegistry.NetworkServiceEndpointRegistryClient(invoker).UnregisterAsync(item, options);
}

/// <summary>Calls a remote <c>registry.NetworkServiceRegistry</c>.</summary>
/// <param name="callInvoker">A fixed remote, or <see langword="null"/> to use the one in the context.</param>
public sealed class GrpcNetworkServiceRegistryClient(CallInvoker? callInvoker = null)
    : GrpcRegistryClient<NetworkService, NetworkServiceQuery, NetworkServiceResponse>(callInvoker), INetworkServiceRegistryClient
{
    /// <inheritdoc />
    protected override AsyncUnaryCall<NetworkService> Register(CallInvoker invoker, NetworkService item, CallOptions options) =>
        new NetworkServiceRegistry.NetworkServiceRegistryClient(invoker).RegisterAsync(item, options);

    /// <inheritdoc />
    protected override AsyncServerStreamingCall<NetworkServiceResponse> Find(CallInvoker invoker, NetworkServiceQuery query, CallOptions options) =>
        new NetworkServiceRegistry.NetworkServiceRegistryClient(invoker).Find(query, options);

    /// <inheritdoc />
    protected override AsyncUnaryCall<Empty> Unregister(CallInvoker invoker, NetworkService item, CallOptions options) =>
        new NetworkServiceRegistry.NetworkServiceRegistryClient(invoker).UnregisterAsync(item, options);
}
