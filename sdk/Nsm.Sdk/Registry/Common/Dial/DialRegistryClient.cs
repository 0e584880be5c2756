using Grpc.Core;
using Grpc.Net.Client;
using Nsm.Api.Registry;
using Nsm.Sdk.Common.Dial;
using Nsm.Sdk.Core;
using Nsm.Sdk.Registry.Common.ClientConn;

namespace Nsm.Sdk.Registry.Common.Dial;

/// <summary>
/// Connects to <see cref="NsmContext.ClientUrl"/> and puts the call invoker into the context under
/// <see cref="GrpcCallContextKeys.ClientConnection"/> for <c>connect</c>. Register (refreshes included) dials anew and
/// closes the previous connection; when the registration moved to another URL it first unregisters at the old one.
/// Each Find gets its own connection for as long as the stream lasts; Unregister dials, calls next and closes.
/// </summary>
/// <remarks>Chain placement: after clienturl and clientconn, just before connect. Without a client URL it only calls next.</remarks>
/// <typeparam name="T">The record type.</typeparam>
/// <typeparam name="TQuery">The Find query type.</typeparam>
/// <typeparam name="TResponse">The Find response type.</typeparam>
public abstract class DialRegistryClient<T, TQuery, TResponse> : IRegistryElement<T, TQuery, TResponse>, IDisposable
{
    private readonly DialOptions _options;

    // One channel per registry URL, pinned for the element's life and shared by every call: a GrpcChannel multiplexes
    // calls and reconnects by itself, so dialing per call only adds a connection setup to every Register and Find.
    private readonly ChannelPool _pool;

    // Channels whose server a probe reached: later calls on them skip the probe until a call finds the server gone.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Uri, GrpcChannel> _reached = new();

    /// <summary>Initializes the element.</summary>
    /// <param name="options">The settings; when <see langword="null"/>, the defaults with a dial timeout of
    /// <see cref="DialOptions.DefaultRegistryDialTimeout"/>.</param>
    protected DialRegistryClient(DialOptions? options)
    {
        _options = options ?? new DialOptions { DialTimeout = DialOptions.DefaultRegistryDialTimeout };
        _options.Validate();
        _pool = _options.CreatePool();
    }

    /// <inheritdoc />
    public async ValueTask<T> RegisterAsync(T item, NsmContext context, RegistryHandler<T, TQuery, TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.ClientUrl is not { } url)
        {
            return await next.RegisterAsync(item, context).ConfigureAwait(false);
        }

        context.TryGet(RegistryConnectionSlot.Key, out var slot);
        var owned = slot is null;
        slot ??= new RegistryConnectionSlot();
        if (slot.Channel is { } old && slot.Url is { } oldUrl && oldUrl != url)
        {
            await UnregisterAtOldUrlAsync(item, context, next, old, oldUrl).ConfigureAwait(false);
        }

        var channel = await DialAsync(url, context).ConfigureAwait(false);
        slot.Set(url, channel);
        context.Set(GrpcCallContextKeys.ClientConnection, NsmGrpcChannels.CreateCallInvoker(channel));
        try
        {
            return await next.RegisterAsync(item, context).ConfigureAwait(false);
        }
        catch (RpcException ex) when (TransportFailure.MayBeGone(ex))
        {
            slot.Dispose();
            throw Unreachable(url, ex);
        }
        catch
        {
            slot.Dispose();
            throw;
        }
        finally
        {
            if (owned)
            {
                slot.Dispose();
            }
        }
    }

    /// <inheritdoc />
    public async Task FindAsync(TQuery query, IAsyncStreamWriter<TResponse> stream, NsmContext context, RegistryHandler<T, TQuery, TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.ClientUrl is not { } url)
        {
            await next.FindAsync(query, stream, context).ConfigureAwait(false);
            return;
        }

        var channel = await DialAsync(url, context).ConfigureAwait(false);
        context.Set(GrpcCallContextKeys.ClientConnection, NsmGrpcChannels.CreateCallInvoker(channel));
        try
        {
            await next.FindAsync(query, stream, context).ConfigureAwait(false);
        }
        catch (RpcException ex) when (TransportFailure.MayBeGone(ex))
        {
            throw Unreachable(url, ex);
        }
    }

    /// <inheritdoc />
    public async ValueTask UnregisterAsync(T item, NsmContext context, RegistryHandler<T, TQuery, TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.ClientUrl is not { } url)
        {
            await next.UnregisterAsync(item, context).ConfigureAwait(false);
            return;
        }

        context.TryGet(RegistryConnectionSlot.Key, out var slot);
        slot?.Dispose();
        var channel = await DialAsync(url, context).ConfigureAwait(false);
        context.Set(GrpcCallContextKeys.ClientConnection, NsmGrpcChannels.CreateCallInvoker(channel));
        try
        {
            await next.UnregisterAsync(item, context).ConfigureAwait(false);
        }
        catch (RpcException ex) when (TransportFailure.MayBeGone(ex))
        {
            throw Unreachable(url, ex);
        }
    }

    // The transport's own words ("Error starting gRPC call…") do not say which registry: the status names it.
    private NsmStatusException Unreachable(Uri url, RpcException ex)
    {
        _reached.TryRemove(url, out _);
        return new(StatusCode.Unavailable, $"registry {url} unreachable: {ex.Status.Detail}", ex);
    }

    private async Task<GrpcChannel> DialAsync(Uri url, NsmContext context)
    {
        var channel = _pool.Pin(url).Channel;
        if (_options.DialTimeout <= TimeSpan.Zero || NsmUrl.IsUnix(url)
            || (_reached.TryGetValue(url, out var reached) && ReferenceEquals(reached, channel)))
        {
            return channel;
        }

        using var timeout = new CancellationTokenSource(_options.DialTimeout, context.Clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, context.CancellationToken);
        try
        {
            // Not channel.ConnectAsync: a channel whose connections a transport credential makes (mTLS) cannot report its state.
            await DialProbe.WaitReachableAsync(url, context.Clock, linked.Token).ConfigureAwait(false);
            _reached[url] = channel;
            return channel;
        }
        catch (Exception ex) when (!context.CancellationToken.IsCancellationRequested)
        {
            throw new NsmStatusException(StatusCode.Unavailable, $"failed to dial {url} within {_options.DialTimeout.TotalMilliseconds} ms: {ex.Message}", ex);
        }
    }

    /// <summary>Closes every pooled channel.</summary>
    public void Dispose()
    {
        _pool.Dispose();
        GC.SuppressFinalize(this);
    }

    private static async Task UnregisterAtOldUrlAsync(T item, NsmContext context, RegistryHandler<T, TQuery, TResponse> next, GrpcChannel old, Uri oldUrl)
    {
        var ctx = context.Fork(context.Deadline, context.CancellationToken);
        ctx.ClientUrl = oldUrl;
        ctx.Set(GrpcCallContextKeys.ClientConnection, NsmGrpcChannels.CreateCallInvoker(old));
        try
        {
            await next.UnregisterAsync(item, ctx).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            RegistryCommonLog.DialOldUnregisterFailed(context.Logger, oldUrl, ex);
        }
    }
}

/// <summary>The NetworkServiceEndpoint registry <c>dial</c> client element; see <see cref="DialRegistryClient{T, TQuery, TResponse}"/>.</summary>
/// <param name="options">The settings; defaults when <see langword="null"/>.</param>
public sealed class DialNseClient(DialOptions? options = null)
    : DialRegistryClient<NetworkServiceEndpoint, NetworkServiceEndpointQuery, NetworkServiceEndpointResponse>(options), INetworkServiceEndpointRegistryClient;

/// <summary>The NetworkService registry <c>dial</c> client element; see <see cref="DialRegistryClient{T, TQuery, TResponse}"/>.</summary>
/// <param name="options">The settings; defaults when <see langword="null"/>.</param>
public sealed class DialNsClient(DialOptions? options = null)
    : DialRegistryClient<NetworkService, NetworkServiceQuery, NetworkServiceResponse>(options), INetworkServiceRegistryClient;
