using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nsm.Sdk.Core;
using Nsm.Sdk.Hosting;
using Nsm.Sdk.Registry.Chains;

namespace Nsm.Cmd.Registry;

/// <summary>Serves the memory registry chains over gRPC for the host's lifetime.</summary>
internal sealed partial class RegistryHostedService(RegistryCmdOptions options, MemoryRegistryServer registry, ILoggerFactory loggerFactory, TimeProvider clock)
    : IHostedService
{
    private readonly ILogger _logger = loggerFactory.CreateLogger("Nsm.Cmd.Registry");
    private NsmGrpcServer? _server;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        LogConfiguration(_logger, options);
        if (options.ProxyRegistryUrl is not null)
        {
            LogNotYet(_logger, "NSM_PROXY_REGISTRY_URL (interdomain)");
        }

        LogNotYet(_logger, "NSM_REGISTRY_SERVER_POLICIES / NSM_REGISTRY_CLIENT_POLICIES (authorization)");
        LogServing(_logger, options.ListenOn);
        _server = await NsmGrpcServer.StartAsync(options.ListenOn, registry.Chains, loggerFactory: loggerFactory, clock: clock, cancellationToken: cancellationToken);
        LogStarted(_logger, options.Name, options.ExpirePeriod);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // Calls in flight get NsmHost.ServerStopGrace; open streams (monitors, watches) are cut then.
        using var cleanup = new CancellationTokenSource(NsmHost.ServerStopGrace, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cleanup.Token, cancellationToken);
        if (_server is not null)
        {
            await _server.StopAsync(linked.Token);
            await _server.DisposeAsync();
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "executing phase 1: configuration {Options}")]
    private static partial void LogConfiguration(ILogger logger, RegistryCmdOptions options);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "executing phase 2: serving the registry on {Urls}")]
    private static partial void LogServing(ILogger logger, IReadOnlyList<Uri> urls);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "executing phase 3: {Name} started; NSE expiration {ExpirePeriod}")]
    private static partial void LogStarted(ILogger logger, string name, TimeSpan expirePeriod);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "{Setting} is accepted but not supported yet")]
    private static partial void LogNotYet(ILogger logger, string setting);
}
