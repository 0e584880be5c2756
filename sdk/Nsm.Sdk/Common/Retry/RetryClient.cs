using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.Retry;

/// <summary>
/// Retries a whole client (usually a complete client chain) until it succeeds or the caller's call ends: each try
/// gets a copy of the request and its own timeout (<see cref="RetryOptions.TryTimeout"/>), and a failed try is
/// followed by a wait of <see cref="RetryOptions.Interval"/>.
/// </summary>
/// <remarks>
/// The caller's cancellation and deadline bound the whole loop; when they end, the last error is thrown. Waits and
/// try timeouts run on the context's clock. Close is retried the same way.
/// </remarks>
public sealed class RetryClient : INetworkServiceClient
{
    private readonly INetworkServiceClient _client;
    private readonly RetryOptions _options;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="client">The client to retry.</param>
    /// <param name="options">The options; defaults when <see langword="null"/>.</param>
    public RetryClient(INetworkServiceClient client, RetryOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _options = options ?? new RetryOptions();
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_options.TryTimeout, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.Interval, TimeSpan.Zero, nameof(options));
    }

    /// <inheritdoc />
    public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(request);
        return RetryAsync(context, tryContext => _client.RequestAsync(request.Clone(), tryContext, next), "Request");
    }

    /// <inheritdoc />
    public async ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await RetryAsync(context, async tryContext =>
        {
            await _client.CloseAsync(connection.Clone(), tryContext, next).ConfigureAwait(false);
            return connection;
        }, "Close").ConfigureAwait(false);
    }

    private async ValueTask<T> RetryAsync<T>(NsmContext context, Func<NsmContext, ValueTask<T>> attempt, string operation)
    {
        ArgumentNullException.ThrowIfNull(context);
        var clock = context.Clock;
        var outer = context.CancellationToken;
        while (true)
        {
            outer.ThrowIfCancellationRequested();
            var deadline = clock.GetUtcNow() + _options.TryTimeout;
            if (context.Deadline is { } d && d < deadline)
            {
                deadline = d;
            }

            using var timeout = new CancellationTokenSource(Positive(deadline - clock.GetUtcNow()), clock);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(outer, timeout.Token);
            ExceptionDispatchInfo failure;
            try
            {
                return await attempt(context.Fork(deadline, linked.Token)).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                failure = ExceptionDispatchInfo.Capture(ex);
            }

            var left = context.RemainingTime;
            if (outer.IsCancellationRequested || left <= _options.Interval)
            {
                failure.Throw();
            }

            context.Logger.LogWarning(failure.SourceException, "{Operation} failed; retrying in {Interval}", operation, _options.Interval);
            await Task.Delay(_options.Interval, clock, outer).ConfigureAwait(false);
        }
    }

    private static TimeSpan Positive(TimeSpan value) => value > TimeSpan.Zero ? value : TimeSpan.Zero;
}
