using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nsm.Sdk.Chains.Forwarder;
using Nsm.Sdk.Core;
using Nsm.Sdk.Hosting;
using Nsm.Sdk.Kernel.Forwarder;

namespace Nsm.Cmd.ForwarderKernel;

/// <summary>Serves the kernel forwarder and keeps it registered through the nsmgr.</summary>
internal sealed partial class ForwarderHostedService(ForwarderCmdOptions options, ILoggerFactory loggerFactory) : BackgroundService
{
    private readonly ILogger _logger = loggerFactory.CreateLogger("Nsm.Cmd.ForwarderKernel");
    private readonly TimeProvider _clock = TimeProvider.System;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        LogConfiguration(_logger, options);
        await using var dataPlane = new KernelVethForwarder(new KernelVethForwarderOptions { Mtu = options.Mtu });
        await using var forwarder = new ForwarderServer(new ForwarderOptions
        {
            Name = options.Name,
            MaxTokenLifetime = options.MaxTokenLifetime,
            Url = options.ListenOn,
            NsmgrUrl = options.ConnectTo,
            ServiceName = options.ServiceName,
            Labels = options.Labels,
            DialTimeout = options.DialTimeout,
            RegistryDialTimeout = options.DialTimeout,
            AdditionalServerFunctionality = [dataPlane.Server],
            Logger = _logger,
            AdditionalClientFunctionality = [dataPlane.Client],
        });
        ForwarderCmdOptions.PrepareSocket(options.ListenOn);
        await using var server = await NsmGrpcServer.StartAsync([options.ListenOn], forwarder.ServerChains, loggerFactory: loggerFactory, cancellationToken: stoppingToken);
        LogServing(_logger, options.ListenOn);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var registration = await forwarder.RegisterAsync(stoppingToken);
                LogRegistered(_logger, registration.Name, options.ConnectTo);
                break;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogRegisterFailed(_logger, options.ConnectTo, ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), _clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        await Task.Delay(Timeout.InfiniteTimeSpan, _clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

        // Stop within NsmHost.CleanupTimeout: unregister (at most 1 s), then stop serving. The interfaces of live
        // connections stay: their traffic keeps flowing, and a restarted forwarder takes them over when healed.
        LogStopping(_logger, options.Name);
        var started = _clock.GetTimestamp();
        using var cleanup = new CancellationTokenSource(NsmHost.CleanupTimeout, _clock);
        using (var unregister = new CancellationTokenSource(TimeSpan.FromSeconds(1), _clock))
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cleanup.Token, unregister.Token))
        {
            try
            {
                await forwarder.UnregisterAsync(linked.Token);
            }
            catch (Exception ex)
            {
                LogUnregisterFailed(_logger, ex.Message);
            }
        }

        using (var grace = new CancellationTokenSource(NsmHost.ServerStopGrace, _clock))
        using (var stop = CancellationTokenSource.CreateLinkedTokenSource(cleanup.Token, grace.Token))
        {
            await server.StopAsync(stop.Token);
        }
        if (NsmUrl.IsUnix(options.ListenOn))
        {
            File.Delete(NsmUrl.SocketPath(options.ListenOn));
        }

        var elapsed = _clock.GetElapsedTime(started).TotalMilliseconds;
        LogStopped(_logger, elapsed);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "executing phase 1: configuration {Options}")]
    private static partial void LogConfiguration(ILogger logger, ForwarderCmdOptions options);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "executing phase 2: serving the kernel forwarder on {Url}")]
    private static partial void LogServing(ILogger logger, Uri url);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "executing phase 3: registered {Name} through {Nsmgr}")]
    private static partial void LogRegistered(ILogger logger, string name, Uri nsmgr);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "registering through {Nsmgr} failed, retrying: {Error}")]
    private static partial void LogRegisterFailed(ILogger logger, Uri nsmgr, string error);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "unregistering failed: {Error}")]
    private static partial void LogUnregisterFailed(ILogger logger, string error);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "stopping {Name}")]
    private static partial void LogStopping(ILogger logger, string name);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "stopped in {Elapsed:F0} ms")]
    private static partial void LogStopped(ILogger logger, double elapsed);
}
