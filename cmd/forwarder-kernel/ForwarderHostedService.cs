using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nsm.Sdk.Chains.Forwarder;
using Nsm.Sdk.Core;
using Nsm.Sdk.Kernel.Forwarder;

namespace Nsm.Cmd.ForwarderKernel;

/// <summary>Serves the kernel forwarder and keeps it registered through the nsmgr.</summary>
internal sealed partial class ForwarderHostedService(ForwarderCmdOptions options, ILoggerFactory loggerFactory) : BackgroundService
{
    private readonly ILogger _logger = loggerFactory.CreateLogger("Nsm.Cmd.ForwarderKernel");

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
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        await Task.Delay(Timeout.Infinite, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        try
        {
            await forwarder.UnregisterAsync(cts.Token);
        }
        catch (Exception ex)
        {
            LogUnregisterFailed(_logger, ex.Message);
        }

        await server.StopAsync(CancellationToken.None);
        if (NsmUrl.IsUnix(options.ListenOn))
        {
            File.Delete(NsmUrl.SocketPath(options.ListenOn));
        }
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
}
