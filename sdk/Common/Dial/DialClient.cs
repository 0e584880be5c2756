using System.Collections.Concurrent;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Nsm.Api.NetworkService;
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
/// the end of the chain (<see cref="DialOptions.CancellationToken"/>) disposes every channel.</para>
/// </remarks>
public sealed class DialClient : INetworkServiceClient
{
    private static readonly NsmContextKey<Dialer> DialerKey = new("dial.dialer");
    private readonly DialOptions _options;
    private readonly ConcurrentDictionary<Dialer, byte> _live = new();
    private readonly ChannelPool _pool;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="options">The options; defaults when <see langword="null"/>.</param>
    public DialClient(DialOptions? options = null)
    {
        _options = options ?? new DialOptions();
        _pool = new ChannelPool(_options.ConfigureChannel);
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.DialTimeout, TimeSpan.Zero, nameof(options));
        _options.CancellationToken.UnsafeRegister(static s => ((DialClient)s!).DisposeAll(), this);
    }

    /// <summary>Initializes a new instance.</summary>
    /// <param name="configure">Changes the default options.</param>
    public DialClient(Action<DialOptions> configure)
        : this(Configure(configure))
    {
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
            if (_options.CancellationToken.IsCancellationRequested)
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
            return await next.RequestAsync(request, context).ConfigureAwait(false);
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

        try
        {
            if ((context.ClientUrl ?? dialer.Url) is { } url)
            {
                await DialAsync(dialer, url, metadata, context).ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            context.Logger.LogWarning(ex, "dial: could not dial {Url} to close {Id}", context.ClientUrl ?? dialer.Url, connection.Id);
        }

        try
        {
            await next.CloseAsync(connection, context).ConfigureAwait(false);
        }
        finally
        {
            Forget(metadata, dialer);
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

    private static async Task CloseOnOldUrlAsync(Connection connection, NsmContext context, NetworkServiceHandler next, Uri old)
    {
        // The next hop changed: release the connection at the old one first, through the old channel.
        var closeContext = context.Fork(context.Deadline, CancellationToken.None);
        try
        {
            await next.CloseAsync(connection.Clone(), closeContext).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            context.Logger.LogWarning(ex, "dial: closing {Id} on the previous URL {Url} failed", connection.Id, old);
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

    private static DialOptions Configure(Action<DialOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var options = new DialOptions();
        configure(options);
        return options;
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
