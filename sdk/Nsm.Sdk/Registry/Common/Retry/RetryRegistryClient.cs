using Grpc.Core;
using Nsm.Api.Registry;
using Nsm.Sdk.Common.Retry;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Registry.Common.Retry;

/// <summary>
/// Retries Register and Unregister (each try with its own <see cref="RetryOptions.TryTimeout"/> and a copy of the
/// record) every <see cref="RetryOptions.Interval"/> until one succeeds or the caller's context ends; retries a Find
/// only while it fails before its first result.
/// </summary>
/// <remarks>Chain placement: after begin, before heal and refresh, so their replays are retried too.</remarks>
/// <typeparam name="T">The record type.</typeparam>
/// <typeparam name="TQuery">The Find query type.</typeparam>
/// <typeparam name="TResponse">The Find response type.</typeparam>
public abstract class RetryRegistryClient<T, TQuery, TResponse> : IRegistryElement<T, TQuery, TResponse>
    where T : class
{
    private readonly RegistryKind<T, TQuery, TResponse> _kind;
    private readonly RetryOptions _options;

    /// <summary>Initializes the element.</summary>
    /// <param name="kind">The record kind.</param>
    /// <param name="options">The settings; defaults when <see langword="null"/>.</param>
    protected RetryRegistryClient(RegistryKind<T, TQuery, TResponse> kind, RetryOptions? options)
    {
        _kind = kind ?? throw new ArgumentNullException(nameof(kind));
        _options = options ?? new RetryOptions();
        _options.Validate();
    }

    /// <inheritdoc />
    public ValueTask<T> RegisterAsync(T item, NsmContext context, RegistryHandler<T, TQuery, TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return RunAsync(context, "Register", ctx => next.RegisterAsync(_kind.Clone(item), ctx));
    }

    /// <inheritdoc />
    public async Task FindAsync(TQuery query, IAsyncStreamWriter<TResponse> stream, NsmContext context, RegistryHandler<T, TQuery, TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var watched = new FirstWriteWatcher(stream);
        while (true)
        {
            try
            {
                await next.FindAsync(query, watched, context).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (!watched.Written && !context.CancellationToken.IsCancellationRequested && ex is not OperationCanceledException)
            {
                RegistryCommonLog.RetryFailed(context.Logger, "Find", _options.Interval, ex);
            }

            await Task.Delay(_options.Interval, context.Clock, context.CancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask UnregisterAsync(T item, NsmContext context, RegistryHandler<T, TQuery, TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        await RunAsync(context, "Unregister", async ctx =>
        {
            await next.UnregisterAsync(_kind.Clone(item), ctx).ConfigureAwait(false);
            return true;
        }).ConfigureAwait(false);
    }

    private async ValueTask<TResult> RunAsync<TResult>(NsmContext context, string operation, Func<NsmContext, ValueTask<TResult>> attempt)
    {
        ArgumentNullException.ThrowIfNull(context);
        var clock = context.Clock;
        while (true)
        {
            var deadline = clock.GetUtcNow() + _options.TryTimeout;
            if (context.Deadline is { } outer && outer < deadline)
            {
                deadline = outer;
            }

            using var tryCts = new CancellationTokenSource(_options.TryTimeout, clock);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(tryCts.Token, context.CancellationToken);
            var tryContext = context.Fork(deadline, linked.Token);
            try
            {
                return await attempt(tryContext).ConfigureAwait(false);
            }
            catch (Exception ex) when (!context.CancellationToken.IsCancellationRequested && !(context.RemainingTime <= TimeSpan.Zero))
            {
                RegistryCommonLog.RetryFailed(context.Logger, operation, _options.Interval, ex);
            }

            await Task.Delay(_options.Interval, clock, context.CancellationToken).ConfigureAwait(false);
        }
    }

    private sealed class FirstWriteWatcher(IAsyncStreamWriter<TResponse> inner) : IAsyncStreamWriter<TResponse>
    {
        public bool Written { get; private set; }

        public WriteOptions? WriteOptions
        {
            get => inner.WriteOptions;
            set => inner.WriteOptions = value;
        }

        public Task WriteAsync(TResponse message)
        {
            Written = true;
            return inner.WriteAsync(message);
        }
    }
}

/// <summary>The NetworkServiceEndpoint registry <c>retry</c> client element; see <see cref="RetryRegistryClient{T, TQuery, TResponse}"/>.</summary>
/// <param name="options">The settings; defaults when <see langword="null"/>.</param>
public sealed class RetryNseClient(RetryOptions? options = null)
    : RetryRegistryClient<NetworkServiceEndpoint, NetworkServiceEndpointQuery, NetworkServiceEndpointResponse>(RegistryKinds.Endpoint, options),
    INetworkServiceEndpointRegistryClient;

/// <summary>The NetworkService registry <c>retry</c> client element; see <see cref="RetryRegistryClient{T, TQuery, TResponse}"/>.</summary>
/// <param name="options">The settings; defaults when <see langword="null"/>.</param>
public sealed class RetryNsClient(RetryOptions? options = null)
    : RetryRegistryClient<NetworkService, NetworkServiceQuery, NetworkServiceResponse>(RegistryKinds.Service, options),
    INetworkServiceRegistryClient;
