using Nsm.Sdk.Builder;
using Microsoft.Extensions.Logging;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Common.Timers;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.Refresh;

/// <summary>
/// Re-requests a client connection before the tokens on its path expire: after each successful Request it arms a
/// timer (<see cref="RefreshTiming.After"/>) that asks begin's event factory for a Request, retrying every
/// <see cref="RefreshOptions.RetryInterval"/> until one succeeds.
/// </summary>
/// <remarks>
/// Placement: after begin and metadata in the client chain. The refreshed Request passes through this element
/// again and re-arms the timer; a new Request replaces the timer; Close and the end of the chain
/// (<see cref="NsmBuildContext.Lifetime"/>) cancel it.
/// </remarks>
public sealed class RefreshClient : INetworkServiceClient
{
    private static readonly NsmContextKey<BackgroundTimer> TimerKey = new("refresh.timer");
    private readonly RefreshOptions _options;
    private readonly CancellationToken _lifetime;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="options">The options; defaults when <see langword="null"/>.</param>
    /// <param name="context">The build context: its lifetime stops every pending refresh.</param>
    public RefreshClient(RefreshOptions? options = null, NsmBuildContext? context = null)
    {
        _options = options ?? new RefreshOptions();
        _lifetime = (context ?? NsmBuildContext.Default).Lifetime;
    }

    /// <inheritdoc />
    public async ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var factory = context.EventFactory()
            ?? throw new InvalidOperationException("no event factory in the context: put begin before refresh");
        var conn = await next.RequestAsync(request, context).ConfigureAwait(false);

        var metadata = context.MetadataMap(isClient: true);
        if (metadata.TryLoadAndDelete(TimerKey, out var old))
        {
            old.Dispose();
        }

        var clock = context.Clock;
        var logger = context.Logger;
        var after = RefreshTiming.After(conn, clock.GetUtcNow());
        metadata.Store(TimerKey, new BackgroundTimer(clock, after, ct => RefreshAsync(factory, clock, logger, ct), logger, _lifetime));
        return conn;
    }

    /// <inheritdoc />
    public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.Metadata is { } metadata && metadata.Client.TryLoadAndDelete(TimerKey, out var timer))
        {
            timer.Dispose();
        }

        return next.CloseAsync(connection, context);
    }

    private async Task RefreshAsync(IConnectionEventFactory factory, TimeProvider clock, ILogger logger, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await factory.RequestAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "refresh failed; retrying in {Interval}", _options.RetryInterval);
            }

            await Task.Delay(_options.RetryInterval, clock, cancellationToken).ConfigureAwait(false);
        }
    }
}
