using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Nsm.Api.Registry;
using Nsm.Sdk.Common.Timers;
using Nsm.Sdk.Core;
using Nsm.Sdk.Registry.Common.Begin;
using NseHandler = Nsm.Sdk.Registry.RegistryHandler<Nsm.Api.Registry.NetworkServiceEndpoint, Nsm.Api.Registry.NetworkServiceEndpointQuery, Nsm.Api.Registry.NetworkServiceEndpointResponse>;

namespace Nsm.Sdk.Registry.Common.Expire;

/// <summary>
/// Bounds an NSE registration's life: sets <c>expiration_time</c> to the earliest of this hop's token expiry
/// (<see cref="ExpireKeys.OwnTokenExpiry"/>), the caller's token expiry and now + <see cref="ExpireOptions.DefaultExpiration"/>
/// (when earlier than what was asked), and unregisters the NSE through <c>begin</c> at
/// <c>expiration_time</c> minus the remaining deadline of the Register call, at most a fifth of the time left
/// (<see cref="ExpiryMargin"/>), unless a refresh re-arms it.
/// </summary>
/// <remarks>
/// Chain placement: after begin (the expiry Unregister enters the chain there). Upstream subtracts the whole deadline,
/// so a Register whose deadline is at least the period is unregistered at once; Go clients use 15 s deadlines.
/// Unlike upstream, no timer is armed when no expiry is known at all. Only NSEs expire.
/// </remarks>
public sealed class ExpireNseServer : INetworkServiceEndpointRegistryServer, IDisposable
{
    private readonly KeyedTimers<string> _timers = new(TimeProvider.System, StringComparer.Ordinal);
    private readonly ExpireOptions _options;

    /// <summary>Initializes the element.</summary>
    /// <param name="options">The settings; defaults when <see langword="null"/>.</param>
    public ExpireNseServer(ExpireOptions? options = null)
    {
        _options = options ?? new ExpireOptions();
        _options.Validate();
    }

    /// <summary>Gets the number of armed expiry timers (for tests and leak checks).</summary>
    public int Count => _timers.Count;

    /// <inheritdoc />
    public async ValueTask<NetworkServiceEndpoint> RegisterAsync(NetworkServiceEndpoint item, NsmContext context, NseHandler next)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var clock = context.Clock;
        var requestTimeout = context.RemainingTime is { } left && left > TimeSpan.Zero ? left : TimeSpan.Zero;
        var expiry = Min(
            context.TryGet(ExpireKeys.OwnTokenExpiry, out var own) ? own : null,
            context.Peer?.TokenExpires,
            _options.DefaultExpiration > TimeSpan.Zero ? clock.GetUtcNow() + _options.DefaultExpiration : null);
        if (expiry is { } cap && (item.ExpirationTime is null || item.ExpirationTime.ToDateTimeOffset() > cap))
        {
            item = item.Clone();
            item.ExpirationTime = Timestamp.FromDateTimeOffset(cap);
        }

        var response = await next.RegisterAsync(item, context).ConfigureAwait(false);
        expiry = Min(expiry, response.ExpirationTime?.ToDateTimeOffset());
        _timers.Cancel(item.Name);
        if (expiry is not { } at)
        {
            return response;
        }

        var due = ExpiryMargin.Due(at - clock.GetUtcNow(), requestTimeout);
        Func<Task> unregister = context.TryGet(RegistryBeginKeys.EventFactory, out var factory)
            ? factory.UnregisterAsync
            : UnregisterWithoutBegin(response.Clone(), context.Fork(null, CancellationToken.None), next);
        var name = item.Name;
        var logger = context.Logger;
        _timers.Schedule(name, due, () => _ = UnregisterExpiredAsync(name, unregister, logger), clock);
        return response;
    }

    /// <inheritdoc />
    public Task FindAsync(NetworkServiceEndpointQuery query, IAsyncStreamWriter<NetworkServiceEndpointResponse> stream, NsmContext context, NseHandler next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return next.FindAsync(query, stream, context);
    }

    /// <inheritdoc />
    public ValueTask UnregisterAsync(NetworkServiceEndpoint item, NsmContext context, NseHandler next)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(next);
        _timers.Cancel(item.Name);
        return next.UnregisterAsync(item, context);
    }

    /// <summary>Cancels every expiry timer.</summary>
    public void Dispose() => _timers.Dispose();

    private static DateTimeOffset? Min(params DateTimeOffset?[] values)
    {
        DateTimeOffset? min = null;
        foreach (var v in values)
        {
            if (v is { } x && (min is null || x < min))
            {
                min = x;
            }
        }

        return min;
    }

    private static Func<Task> UnregisterWithoutBegin(NetworkServiceEndpoint nse, NsmContext context, NseHandler next) =>
        async () => await next.UnregisterAsync(nse, context).ConfigureAwait(false);

    private static async Task UnregisterExpiredAsync(string name, Func<Task> unregister, ILogger logger)
    {
        try
        {
            RegistryCommonLog.Expired(logger, name);
            await unregister().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            RegistryCommonLog.ExpireFailed(logger, name, ex);
        }
    }
}
