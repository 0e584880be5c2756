using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Chains.Client;
using Nsm.Sdk.Common.Heal;
using Nsm.Sdk.Common.Mechanisms.Kernel;
using Nsm.Sdk.Common.Retry;
using Nsm.Sdk.Core;

namespace Nsm.Cmd.Nsc;

/// <summary>Requests every configured network service, keeps the connections refreshed and healed, closes them on stop.</summary>
internal sealed partial class NscHostedService(NscCmdOptions options, ILoggerFactory loggerFactory) : BackgroundService
{
    private readonly ILogger _logger = loggerFactory.CreateLogger("Nsm.Cmd.Nsc");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        LogConfiguration(_logger, options);
        using var chainLifetime = new CancellationTokenSource();
        var netns = KernelMechanismOptions.ForProcess(Environment.ProcessId);
        var client = new NsmClient(new ClientOptions
        {
            Name = options.Name,
            MaxTokenLifetime = options.MaxTokenLifetime,
            ClientUrl = options.ConnectTo,
            DialTimeout = options.DialTimeout,
            Lifetime = chainLifetime.Token,
            Heal = new HealClient(new HealOptions { ChainToken = chainLifetime.Token }),
            AdditionalFunctionality = [new KernelMechanismClient(new KernelMechanismOptions { NetNSUrl = netns })],
        });
        var retry = new RetryClient(client, o => o.TryTimeout = options.RequestTimeout);
        var logger = loggerFactory.CreateLogger("Nsm.Sdk");
        var connections = new List<Connection>();
        try
        {
            for (var i = 0; i < options.NetworkServices.Count; i++)
            {
                var request = options.NetworkServices[i].ToRequest();
                request.Connection.Id = $"{options.Name}-{i}";
                foreach (var (key, value) in options.Labels)
                {
                    request.Connection.Labels.TryAdd(key, value);
                }

                var connection = await retry.RequestAsync(request, new NsmContext(logger: logger, cancellationToken: stoppingToken), NetworkServiceHandler.Tail);
                connections.Add(connection);
                var ip = connection.Context?.IpContext;
                var name = connection.Mechanism?.Parameters.GetValueOrDefault("name") ?? "?";
                var src = string.Join(',', ip?.SrcIpAddrs ?? []);
                var dst = string.Join(',', ip?.DstIpAddrs ?? []);
                LogConnected(_logger, connection.NetworkService, name, src, dst, connection.NetworkServiceEndpointName, connection.Id);
            }

            await Task.Delay(Timeout.Infinite, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            LogFailed(_logger, ex.Message);
            throw;
        }
        finally
        {
            foreach (var connection in connections)
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                try
                {
                    await client.CloseAsync(connection, cts.Token);
                    LogClosed(_logger, connection.Id);
                }
                catch (Exception ex)
                {
                    LogCloseFailed(_logger, connection.Id, ex.Message);
                }
            }

            await chainLifetime.CancelAsync();
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "executing phase 1: configuration {Options}")]
    private static partial void LogConfiguration(ILogger logger, NscCmdOptions options);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "connected to {Service}: interface {Interface} src {Src} dst {Dst} endpoint {Endpoint} (connection {Id})")]
    private static partial void LogConnected(ILogger logger, string service, string @interface, string src, string dst, string endpoint, string id);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "closed connection {Id}")]
    private static partial void LogClosed(ILogger logger, string id);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "closing connection {Id} failed: {Error}")]
    private static partial void LogCloseFailed(ILogger logger, string id, string error);

    [LoggerMessage(EventId = 5, Level = LogLevel.Error, Message = "request failed: {Error}")]
    private static partial void LogFailed(ILogger logger, string error);
}
