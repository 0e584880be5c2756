using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Chains.Client;
using Nsm.Sdk.Core;
using Nsm.Sdk.Hosting;
using Nsm.Sdk.Kernel.Liveness;

namespace Nsm.Cmd.Nsc;

/// <summary>
/// Requests every configured network service (retrying each one until it succeeds or the program stops), keeps the
/// connections refreshed and healed (with the kernel liveness check unless disabled), and closes them on stop.
/// </summary>
/// <remarks>
/// A failed Request never ends the program: it is retried with a capped backoff (<see cref="FirstRetryDelay"/>
/// doubling up to <see cref="MaxRetryDelay"/>), one log line per attempt. Stop first cancels every heal and retry
/// (so none holds the connection), then closes within <see cref="NsmHost.CleanupTimeout"/>.
/// </remarks>
internal sealed partial class NscHostedService(NscCmdOptions options, NsmClient client, TimeProvider clock, ILoggerFactory loggerFactory, KernelLivenessCheck? liveness = null) : BackgroundService
{
    /// <summary>The wait after the first failed Request.</summary>
    internal static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest wait between Requests.</summary>
    internal static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);

    private readonly ILogger _logger = loggerFactory.CreateLogger("Nsm.Cmd.Nsc");
    private readonly ILogger _sdkLogger = loggerFactory.CreateLogger("Nsm.Sdk");
    private readonly TimeProvider _clock = clock;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var connections = new Connection?[options.NetworkServices.Count];
        try
        {
            if (liveness is not null)
            {
                await liveness.WarmUpAsync(stoppingToken);
            }

            await Task.WhenAll(Enumerable.Range(0, connections.Length).Select(async i => connections[i] = await ConnectAsync(client, i, stoppingToken)));
            await Task.Delay(Timeout.InfiniteTimeSpan, _clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        finally
        {
            // Heals and retries ended with the host's stopping token; the chain lives until the host has stopped.
            LogClosing(_logger, options.Name);
            using var cleanup = new CancellationTokenSource(NsmHost.CleanupTimeout, _clock);
            await Task.WhenAll(connections.OfType<Connection>().Select(c => CloseAsync(client, c, cleanup.Token)));
        }
    }

    /// <summary>Requests service <paramref name="index"/> until it succeeds; null when the program stops first.</summary>
    private async Task<Connection?> ConnectAsync(NsmClient client, int index, CancellationToken stoppingToken)
    {
        var url = options.NetworkServices[index];
        var delay = FirstRetryDelay;
        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            var request = options.ToRequest(index);

            using var tryTimeout = new CancellationTokenSource(options.RequestTimeout, _clock);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, tryTimeout.Token);
            try
            {
                // The deadline gives refresh and heal events their timeout too, and tells every hop how long the call may take.
                var context = new NsmContext(_clock, _sdkLogger, _clock.GetUtcNow() + options.RequestTimeout, linked.Token);
                var connection = await client.RequestAsync(request, context, NetworkServiceHandler.Tail);
                var ip = connection.Context?.IpContext;
                var name = connection.Mechanism?.Parameters.GetValueOrDefault("name") ?? "?";
                var src = string.Join(',', ip?.SrcIpAddrs ?? []);
                var dst = string.Join(',', ip?.DstIpAddrs ?? []);
                LogConnected(_logger, connection.NetworkService, name, src, dst, connection.NetworkServiceEndpointName, connection.Id, attempt);
                return connection;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                var reason = tryTimeout.IsCancellationRequested ? $"no answer within {options.RequestTimeout.TotalSeconds} s" : OneLine(ex);
                LogRequestFailed(_logger, url.NetworkService, attempt, reason, delay.TotalMilliseconds);
            }
            catch (Exception) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }

            await Task.Delay(delay, _clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
        }

        return null;
    }

    private async Task CloseAsync(NsmClient client, Connection connection, CancellationToken cancellationToken)
    {
        try
        {
            await client.CloseAsync(connection, new NsmContext(logger: _sdkLogger, cancellationToken: cancellationToken), NetworkServiceHandler.Tail);
            LogClosed(_logger, connection.Id);
        }
        catch (Exception ex)
        {
            LogCloseFailed(_logger, connection.Id, OneLine(ex));
        }
    }

    private static string OneLine(Exception ex) => ex.Message.ReplaceLineEndings(" ");

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "connected to {Service}: interface {Interface} src {Src} dst {Dst} endpoint {Endpoint} (connection {Id}, attempt {Attempt})")]
    private static partial void LogConnected(ILogger logger, string service, string @interface, string src, string dst, string endpoint, string id, int attempt);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "closed connection {Id}")]
    private static partial void LogClosed(ILogger logger, string id);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "closing connection {Id} failed: {Error}")]
    private static partial void LogCloseFailed(ILogger logger, string id, string error);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "request for {Service} failed (attempt {Attempt}): {Error}; retrying in {Delay} ms")]
    private static partial void LogRequestFailed(ILogger logger, string service, int attempt, string error, double delay);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "stopping {Name}: heals and retries cancelled, closing connections")]
    private static partial void LogClosing(ILogger logger, string name);
}
