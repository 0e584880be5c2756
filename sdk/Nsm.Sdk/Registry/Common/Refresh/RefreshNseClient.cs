using Grpc.Core;
using Microsoft.Extensions.Logging;
using Nsm.Api.Registry;
using Nsm.Sdk.Common.Timers;
using Nsm.Sdk.Core;
using Nsm.Sdk.Registry.Common.Begin;
using NetworkServiceEndpointRegistryHandler = Nsm.Sdk.Registry.RegistryHandler<Nsm.Api.Registry.NetworkServiceEndpoint, Nsm.Api.Registry.NetworkServiceEndpointQuery, Nsm.Api.Registry.NetworkServiceEndpointResponse>;

namespace Nsm.Sdk.Registry.Common.Refresh;

/// <summary>
/// Re-registers an NSE before the registry expires it: after each successful Register whose response has an
/// <c>expiration_time</c>, it schedules a re-Register through <c>begin</c> (on the context's <see cref="TimeProvider"/>)
/// at 2/3 of the remaining time, or sooner when the call's own timeout demands it (<see cref="Due"/>). Unregister
/// cancels the schedule.
/// </summary>
/// <remarks>
/// Chain placement: after begin, retry and heal. The replayed Register passes through this element again and re-arms
/// it. Without <c>begin</c> in front, the element replays the Register through itself with a copy of the call context.
/// </remarks>
public sealed class RefreshNseClient : INetworkServiceEndpointRegistryClient, IDisposable
{
    private readonly KeyedTimers<string> _timers = new(TimeProvider.System, StringComparer.Ordinal);

    /// <summary>Gets the number of armed refresh timers (for tests and leak checks).</summary>
    public int Count => _timers.Count;

    /// <inheritdoc />
    public async ValueTask<NetworkServiceEndpoint> RegisterAsync(NetworkServiceEndpoint item, NsmContext context, NetworkServiceEndpointRegistryHandler next)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var response = await next.RegisterAsync(item, context).ConfigureAwait(false);
        _timers.Cancel(item.Name);
        if (response.ExpirationTime is null)
        {
            return response;
        }

        var clock = context.Clock;
        var remaining = response.ExpirationTime.ToDateTimeOffset() - clock.GetUtcNow();
        var due = Due(remaining, context.RemainingTime);
        Func<Task> refresh;
        if (context.TryGet(RegistryBeginKeys.EventFactory, out var factory))
        {
            refresh = factory.RegisterAsync;
        }
        else
        {
            var timeout = context.RemainingTime;
            var copy = item.Clone();
            var snapshot = context.Fork(null, CancellationToken.None);
            refresh = async () => await RegisterAsync(copy, snapshot.Fork(timeout is { } t ? clock.GetUtcNow() + t : null, CancellationToken.None), next).ConfigureAwait(false);
        }

        var name = item.Name;
        var logger = context.Logger;
        _timers.Schedule(name, due, () => _ = RefreshAsync(name, refresh, logger), clock);
        return response;
    }

    /// <summary>
    /// When to re-register: at 2/3 of the time left, but never later than 80 % of the way to
    /// <c>expiration − call timeout</c>, because the registry's expire element unregisters at expiration minus the
    /// remaining deadline of the Register call (15 s for every Go client). With 20 s tokens that point is 5 s away, long
    /// before 2/3 of 20 s.
    /// </summary>
    /// <param name="remaining">The time left until the registration's expiration.</param>
    /// <param name="callTimeout">The time the Register call had left, when it had a deadline.</param>
    /// <returns>The delay until the refresh.</returns>
    public static TimeSpan Due(TimeSpan remaining, TimeSpan? callTimeout)
    {
        if (remaining <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        var due = remaining * 2 / 3;
        if (callTimeout is { } t && t > TimeSpan.Zero && remaining - t is var beforeUnregister && beforeUnregister > TimeSpan.Zero)
        {
            var byDeadline = beforeUnregister * 4 / 5;
            due = byDeadline < due ? byDeadline : due;
        }

        return due;
    }

    /// <inheritdoc />
    public Task FindAsync(NetworkServiceEndpointQuery query, IAsyncStreamWriter<NetworkServiceEndpointResponse> stream, NsmContext context, NetworkServiceEndpointRegistryHandler next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return next.FindAsync(query, stream, context);
    }

    /// <inheritdoc />
    public ValueTask UnregisterAsync(NetworkServiceEndpoint item, NsmContext context, NetworkServiceEndpointRegistryHandler next)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(next);
        _timers.Cancel(item.Name);
        return next.UnregisterAsync(item, context);
    }

    /// <summary>Cancels every scheduled refresh.</summary>
    public void Dispose() => _timers.Dispose();

    private static async Task RefreshAsync(string name, Func<Task> refresh, ILogger logger)
    {
        try
        {
            await refresh().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            RegistryCommonLog.RefreshFailed(logger, name, ex);
        }
    }
}
