using Nsm.Sdk.Builder;
using Grpc.Core;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Common.Timers;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.Timeout;

/// <summary>
/// Closes a server connection that its caller stopped refreshing: after each successful Request it arms a timer
/// for the previous path segment's <c>expires</c> minus the time the Request had left (at most a fifth of the time
/// until <c>expires</c>: <see cref="ExpiryMargin"/>), and when it fires it closes
/// the connection through begin's event factory (from the start of the chain).
/// </summary>
/// <remarks>
/// <para>Placement: after begin, updatetoken (which writes the caller's token expiry into the previous segment) and
/// metadata. A refresh re-arms the timer; a successful Close cancels it; a Close failing with a deadline or a
/// cancellation keeps it, so the connection still gets closed later.</para>
/// <para>Unlike upstream, a missing previous-segment expiry is rejected before the rest of the chain runs, so a
/// rejected Request leaves no downstream state.</para>
/// </remarks>
public sealed class TimeoutServer : INetworkServiceServer
{
    private const string NoExpiry = "expiration for the previous path segment cannot be nil";
    private static readonly NsmContextKey<BackgroundTimer> TimerKey = new("timeout.timer");
    private readonly CancellationToken _lifetime;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="context">The build context: its lifetime stops every pending expiry timer.</param>
    public TimeoutServer(NsmBuildContext? context = null) => _lifetime = (context ?? NsmBuildContext.Default).Lifetime;

    /// <inheritdoc />
    public async ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var factory = context.EventFactory()
            ?? throw new InvalidOperationException("no event factory in the context: put begin before timeout");
        if (PrevExpires(request.Connection) is null)
        {
            throw new NsmStatusException(StatusCode.InvalidArgument, NoExpiry);
        }

        var requestTimeout = context.RemainingTime is { } left && left > TimeSpan.Zero ? left : TimeSpan.Zero;
        var conn = await next.RequestAsync(request, context).ConfigureAwait(false);
        var expires = PrevExpires(conn) ?? PrevExpires(request.Connection)!.Value;

        var metadata = context.MetadataMap(isClient: false);
        if (metadata.TryLoadAndDelete(TimerKey, out var old))
        {
            old.Dispose();
        }

        var due = ExpiryMargin.Due(expires - context.Clock.GetUtcNow(), requestTimeout);
        metadata.Store(TimerKey, new BackgroundTimer(context.Clock, due, ct => factory.CloseAsync(ct), context.Logger, _lifetime));
        return conn;
    }

    /// <inheritdoc />
    public async ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            await next.CloseAsync(connection, context).ConfigureAwait(false);
        }
        catch (Exception ex) when (!IsDeadlineOrCancel(ex))
        {
            StopTimer(context);
            throw;
        }

        StopTimer(context);
    }

    private static void StopTimer(NsmContext context)
    {
        if (context.Metadata is { } metadata && metadata.Server.TryLoadAndDelete(TimerKey, out var timer))
        {
            timer.Dispose();
        }
    }

    private static DateTimeOffset? PrevExpires(Connection? conn)
    {
        if (conn?.Path is not { Index: > 0 } path || path.Index > path.PathSegments.Count)
        {
            return null;
        }

        return path.PathSegments[(int)path.Index - 1].Expires?.ToDateTimeOffset();
    }

    private static bool IsDeadlineOrCancel(Exception ex) => ex switch
    {
        OperationCanceledException or TimeoutException => true,
        RpcException rpc => rpc.StatusCode is StatusCode.DeadlineExceeded or StatusCode.Cancelled,
        NsmStatusException nsm => nsm.StatusCode is StatusCode.DeadlineExceeded or StatusCode.Cancelled,
        _ => false,
    };
}
