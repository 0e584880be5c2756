using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nsm.Sdk.Chains.Nsmgr;
using Nsm.Sdk.Core;
using Nsm.Sdk.Hosting;
using Nsm.Sdk.Tokens;

namespace Nsm.Cmd.Nsmgr;

internal sealed partial class NsmgrHostedService(NsmgrCmdOptions options, ILoggerFactory loggerFactory, TimeProvider clock) : IHostedService
{
    private readonly ILogger _logger = loggerFactory.CreateLogger("Nsm.Cmd.Nsmgr");
    private NsmgrServer? _nsmgr;
    private NsmGrpcServer? _server;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        LogConfiguration(_logger, options);
        LogNotYet(_logger, "SPIFFE mTLS and OPA policies (NSM_REGISTRY_SERVER_POLICIES / NSM_REGISTRY_CLIENT_POLICIES)");
        _nsmgr = new NsmgrServer(new NsmgrOptions
        {
            Name = options.Name,
            Url = options.PublicUrl,
            RegistryUrl = options.RegistryUrl,
            DialTimeout = options.DialTimeout,
            ForwarderServiceName = options.ForwarderServiceName,
            TokenGenerator = SelfSignedTokenGenerator.Create(options.Name, clock, options.MaxTokenLifetime),
            Clock = clock,
            Logger = _logger,
        });
        LogServing(_logger, options.ListenOn);
        _server = await NsmGrpcServer.StartAsync(options.ListenOn, _nsmgr.ServerChains, loggerFactory: loggerFactory, clock: clock, cancellationToken: cancellationToken);
        if (options.RegistryUrl is { } registry)
        {
            LogStarted(_logger, options.Name, options.PublicUrl, registry);
        }
        else
        {
            LogStartedInMemory(_logger, options.Name, options.PublicUrl);
        }
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

        if (_nsmgr is not null)
        {
            await _nsmgr.DisposeAsync();
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "executing phase 1: configuration {Options}")]
    private static partial void LogConfiguration(ILogger logger, NsmgrCmdOptions options);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "{Setting} is not supported yet")]
    private static partial void LogNotYet(ILogger logger, string setting);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "executing phase 2: serving nsmgr on {Urls}")]
    private static partial void LogServing(ILogger logger, IReadOnlyList<Uri> urls);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "executing phase 3: {Name} started; public URL {PublicUrl}; registry {Registry}")]
    private static partial void LogStarted(ILogger logger, string name, Uri publicUrl, Uri registry);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "executing phase 3: {Name} started; public URL {PublicUrl}; in-memory registry")]
    private static partial void LogStartedInMemory(ILogger logger, string name, Uri publicUrl);
}
