using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nsm.Sdk.Common.SiteTunnel;
using Nsm.Sdk.Kernel.Site;

namespace Nsm.Cmd.SiteGateway;

/// <summary>
/// Keeps this node's part of the <c>nsm-config</c> tunnel in line with the mounted <c>nsm.yaml</c>: on the gateway the
/// WireGuard tunnel and its routes (<see cref="SiteTunnel"/>), on the other nodes the routes through the gateway
/// (<see cref="SiteMemberRoutes"/>). A change of the ConfigMap takes effect within a poll; a failed tunnel is tried
/// again after the retry interval; at stop what was made is removed.
/// </summary>
internal sealed partial class SiteGatewayService(SiteGatewayCmdOptions options, ILogger<SiteGatewayService> logger, TimeProvider clock) : BackgroundService
{
    private const string ForwardingSysctl = "/proc/sys/net/ipv4/ip_forward";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var file = new SiteTunnelConfigFile(options.ConfigPath, logger);
        await using var tunnel = options.Gateway is null ? new SiteTunnel(new SiteTunnelOptions { DeviceName = options.DeviceName, RouteRegistry = options.RouteRegistry, Clock = clock }, logger) : null;
        await using var member = options.Gateway is { } gateway ? new SiteMemberRoutes(gateway, options.RouteRegistry, logger) : null;
        LogStarted(logger, options.Gateway is null ? $"gateway ({options.DeviceName})" : $"member (routes through {options.Gateway})", options.ConfigPath);
        if (tunnel is not null)
        {
            await EnableForwardingAsync(stoppingToken);
        }

        SiteTunnelSettings? failed = null;
        var failedAt = 0L;
        while (!stoppingToken.IsCancellationRequested)
        {
            var settings = file.Current();
            if (!Equals(settings, failed) || clock.GetElapsedTime(failedAt) >= options.RetryInterval)
            {
                var problem = tunnel is not null ? await tunnel.ApplyAsync(settings, stoppingToken) : await member!.ApplyAsync(settings, stoppingToken);
                (failed, failedAt) = problem is null ? (null, 0L) : (settings, clock.GetTimestamp());
            }

            try
            {
                await Task.Delay(options.PollInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    // The other nodes send the other cluster's traffic to this one: it must forward.
    private async Task EnableForwardingAsync(CancellationToken cancellationToken)
    {
        try
        {
            if ((await File.ReadAllTextAsync(ForwardingSysctl, cancellationToken)).Trim() != "1")
            {
                await File.WriteAllTextAsync(ForwardingSysctl, "1", cancellationToken);
                LogForwarding(logger);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogForwardingFailed(logger, e.Message);
        }
    }

    [LoggerMessage(EventId = 2490, Level = LogLevel.Information, Message = "site-gateway: {Role}, watching {Path}")]
    private static partial void LogStarted(ILogger logger, string role, string path);

    [LoggerMessage(EventId = 2491, Level = LogLevel.Information, Message = "site-gateway: IPv4 forwarding turned on (the other nodes route the other cluster through this one)")]
    private static partial void LogForwarding(ILogger logger);

    [LoggerMessage(EventId = 2492, Level = LogLevel.Warning, Message = "site-gateway: cannot turn on IPv4 forwarding ({Reason}): only this node reaches the other cluster")]
    private static partial void LogForwardingFailed(ILogger logger, string reason);
}
