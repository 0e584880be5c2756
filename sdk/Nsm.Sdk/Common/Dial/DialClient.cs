using System.Collections.Concurrent;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Builder;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.Dial;

/// <summary>
/// Connects each connection to the URL in <see cref="NsmContext.ClientUrl"/>: keeps a gRPC channel per connection
/// in the client metadata and stores its call invoker under <see cref="GrpcCallContextKeys.ClientConnection"/> for
/// the gRPC tail (<see cref="GrpcNetworkServiceClient"/>).
/// </summary>
/// <remarks>
/// <para>Placement: after metadata, clienturl and clientconn; before the gRPC tail. Without a client URL, or when a
/// connection was supplied by clientconn, it only calls next.</para>
/// <para>Unlike upstream, which redials on every Request, the channel is reused while the URL is unchanged (a gRPC
/// channel reconnects by itself). When the URL changes, the connection is first closed through the old channel.
/// A failed first Request disposes and forgets the channel; Close calls next in any case and then disposes it, and
/// the end of the chain (<see cref="NsmBuildContext.Lifetime"/>) disposes every channel.</para>
/// <para>A next hop that refuses outright (no socket file, nobody listening, TCP refused) fails the Request at once
/// with <see cref="NextHopUnreachableException"/>, whatever the dial timeout; when a call on an existing channel
/// fails with <c>Unavailable</c> (or the transport's own <c>Internal</c>, see <see cref="TransportFailure"/>), one probe tells such a hop apart from a failure further on. A Close to a hop that
/// is gone succeeds here: there is nothing left to close there.</para>
/// </remarks>
public sealed partial class DialClient : INetworkServiceClient
{
    private static readonly NsmContextKey<Dialer> DialerKey = new("dial.dialer");
    private readonly DialOptions _options;
    private readonly ConcurrentDictionary<Dialer, byte> _live = new();
    private readonly ChannelPool _pool;
    private readonly CancellationToken _lifetime;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="options">The options; defaults when <see langword="null"/>.</param>
    /// <param name="context">The build context: its lifetime disposes every channel, its channel settings apply to every channel before <see cref="DialOptions.ConfigureChannel"/>.</param>
    public DialClient(DialOptions? options = null, NsmBuildContext? context = null)
    {
        _options = options ?? new DialOptions();
        context ??= NsmBuildContext.Default;
        _lifetime = context.Lifetime;
        _pool = _options.CreatePool(context.ConfigureChannel);
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.DialTimeout, TimeSpan.Zero, nameof(options));
        _lifetime.UnsafeRegister(static s => ((DialClient)s!).DisposeAll(), this);
    }

    /// <summary>Gets the number of open channels (for leak checks).</summary>
    public int Count => _live.Count;

    /// <inheritdoc />
    public async ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.ClientUrl is not { } url)
        {
            return await next.RequestAsync(request, context).ConfigureAwait(false);
        }

        var metadata = context.MetadataMap(isClient: true);
        var hasDialer = metadata.TryLoad(DialerKey, out var dialer);
        if (metadata.TryLoad(GrpcCallContextKeys.ClientConnection, out var existing) && !(hasDialer && ReferenceEquals(existing, dialer.Invoker)))
        {
            return await next.RequestAsync(request, context).ConfigureAwait(false); // supplied by the user (clientconn)
        }

        if (!hasDialer)
        {
            dialer = new Dialer(_pool);
            metadata.Store(DialerKey, dialer);
            _live.TryAdd(dialer, 0);
            if (_lifetime.IsCancellationRequested)
            {
                DisposeAll();
            }
        }

        try
        {
            if (dialer.Url is { } old && old != url && dialer.Invoker is not null)
            {
                await CloseOnOldUrlAsync(request.Connection, context, next, old).ConfigureAwait(false);
            }

            await DialAsync(dialer, url, metadata, context).ConfigureAwait(false);
            try
            {
                return await next.RequestAsync(request, context).ConfigureAwait(false);
            }
            catch (RpcException ex) when (TransportFailure.MayBeGone(ex) && !context.CancellationToken.IsCancellationRequested)
            {
                if (await FindUnreachableAsync(url, context).ConfigureAwait(false) is { } unreachable)
                {
                    throw new NextHopUnreachableException(url, unreachable.Reason, ex);
                }

                throw;
            }
        }
        catch when (!hasDialer)
        {
            Forget(metadata, dialer);
            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.Metadata?.Client is not { } metadata || !metadata.TryLoad(DialerKey, out var dialer))
        {
            await next.CloseAsync(connection, context).ConfigureAwait(false);
            return;
        }

        var url = context.ClientUrl ?? dialer.Url;

        // A Close whose next hop was not discovered again (e.g. the registry is gone) goes where the connection went:
        // the elements after this one (the token's audience) must name that server too, for this call only.
        var borrowed = context.ClientUrl is null && url is not null;
        context.ClientUrl ??= url;
        NextHopUnreachableException? gone = null;
        try
        {
            if (url is not null)
            {
                await DialAsync(dialer, url, metadata, context).ConfigureAwait(false);
            }
        }
        catch (NextHopUnreachableException ex)
        {
            gone = ex;
        }
        catch (Exception ex)
        {
            LogCloseDialFailed(context.Logger, ex, url, connection.Id);
        }

        try
        {
            await next.CloseAsync(connection, context).ConfigureAwait(false);
        }
        catch (RpcException ex) when (TransportFailure.MayBeGone(ex) && url is not null && !context.CancellationToken.IsCancellationRequested)
        {
            gone ??= await FindUnreachableAsync(url, context).ConfigureAwait(false);
            if (gone is null)
            {
                throw;
            }

            LogClosedOnThisSideOnly(context.Logger, url, gone.Reason, connection.Id);
        }
        finally
        {
            Forget(metadata, dialer);
            if (borrowed)
            {
                context.ClientUrl = null;
            }
        }
    }

    [LoggerMessage(EventId = 1200, Level = LogLevel.Warning, Message = "dial: could not dial {Url} to close {ConnectionId}")]
    private static partial void LogCloseDialFailed(ILogger logger, Exception exception, Uri? url, string connectionId);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "dial: next hop {Url} of connection {ConnectionId} is gone ({Reason}): closed on this side only")]
    private static partial void LogClosedOnThisSideOnly(ILogger logger, Uri url, string reason, string connectionId);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Warning, Message = "dial: closing {ConnectionId} on the previous URL {Url} failed")]
    private static partial void LogCloseOnOldUrlFailed(ILogger logger, Exception exception, string connectionId, Uri url);

    /// <summary>One probe of a next hop whose call failed with Unavailable: is it gone, or did something further fail?</summary>
    private async Task<NextHopUnreachableException?> FindUnreachableAsync(Uri url, NsmContext context)
    {
        var limit = _options.DialTimeout > TimeSpan.Zero ? _options.DialTimeout : TimeSpan.FromSeconds(1);
        using var timeout = new CancellationTokenSource(limit, context.Clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, context.CancellationToken);
        try
        {
            return await DialProbe.FindUnreachableAsync(url, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    private async Task DialAsync(Dialer dialer, Uri url, MetadataMap metadata, NsmContext context)
    {
        var redialed = dialer.Dial(url);
        metadata.Store(GrpcCallContextKeys.ClientConnection, dialer.Invoker!);
        if (!redialed || _options.DialTimeout <= TimeSpan.Zero)
        {
            return; // a refresh on the same channel needs no reachability probe: the call itself reports Unavailable
        }

        using var timeout = new CancellationTokenSource(_options.DialTimeout, context.Clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, context.CancellationToken);
        try
        {
            await DialProbe.WaitReachableAsync(url, context.Clock, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new NsmStatusException(StatusCode.Unavailable, $"dial {url}: not connected within {_options.DialTimeout}");
        }
    }

    private async Task CloseOnOldUrlAsync(Connection connection, NsmContext context, NetworkServiceHandler next, Uri old)
    {
        // The next hop changed: release the connection at the old one first, through the old channel.
        var closeContext = context.Fork(context.Deadline, CancellationToken.None);
        try
        {
            await next.CloseAsync(connection.Clone(), closeContext).ConfigureAwait(false);
        }
        catch (RpcException ex) when (TransportFailure.MayBeGone(ex))
        {
            if (await FindUnreachableAsync(old, context).ConfigureAwait(false) is { } gone)
            {
                LogClosedOnThisSideOnly(context.Logger, old, gone.Reason, connection.Id);
            }
            else
            {
                LogCloseOnOldUrlFailed(context.Logger, ex, connection.Id, old);
            }
        }
        catch (Exception ex)
        {
            LogCloseOnOldUrlFailed(context.Logger, ex, connection.Id, old);
        }
    }

    private void Forget(MetadataMap metadata, Dialer dialer)
    {
        metadata.Delete(DialerKey);
        if (metadata.TryLoad(GrpcCallContextKeys.ClientConnection, out var invoker) && ReferenceEquals(invoker, dialer.Invoker))
        {
            metadata.Delete(GrpcCallContextKeys.ClientConnection);
        }

        _live.TryRemove(dialer, out _);
        dialer.Dispose();
    }

    private void DisposeAll()
    {
        foreach (var dialer in _live.Keys)
        {
            _live.TryRemove(dialer, out _);
            dialer.Dispose();
        }
    }
}
