using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nsm.Api.Registry;
using Nsm.Sdk.Chains.Endpoint;
using Nsm.Sdk.Common.Ipam.Point2PointIpam;
using Nsm.Sdk.Common.Mechanisms;
using Nsm.Sdk.Common.Mechanisms.Kernel;
using Nsm.Sdk.Core;
using Nsm.Sdk.Hosting;
using Nsm.Sdk.Ipam;
using Nsm.Sdk.Registry.Chains;

namespace Nsm.Cmd.NseIcmpResponder;

/// <summary>Serves the ICMP responder endpoint and keeps it registered through the nsmgr.</summary>
internal sealed partial class NseHostedService(NseCmdOptions options, ILoggerFactory loggerFactory) : BackgroundService
{
    private readonly ILogger _logger = loggerFactory.CreateLogger("Nsm.Cmd.NseIcmpResponder");
    private readonly TimeProvider _clock = TimeProvider.System;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        LogConfiguration(_logger, options);
        var netns = KernelMechanismOptions.ForProcess(Environment.ProcessId);
        var endpoint = new NsmEndpoint(new EndpointOptions
        {
            Name = options.Name,
            MaxTokenLifetime = options.MaxTokenLifetime,
            Lifetime = stoppingToken,
            AdditionalFunctionality =
            [
                .. options.CidrGroups.Select(g => new Point2PointIpamServer(new Point2PointIpamOptions { Prefixes = [.. g], Mode = PointToPointMode.SharedEndpoint })),
                new MechanismsServer(new Dictionary<string, INetworkServiceServer>
                {
                    ["KERNEL"] = new KernelMechanismServer(new KernelMechanismOptions { NetNSUrl = netns }),
                }),
            ],
        });
        NseCmdOptions.PrepareSocket(options.ListenOn);
        await using var server = await NsmGrpcServer.StartAsync([options.ListenOn], endpoint.ServerChains, loggerFactory: loggerFactory, cancellationToken: stoppingToken);
        LogServing(_logger, options.ListenOn, netns);

        var registryOptions = new RegistryClientOptions { RegistryUrl = options.ConnectTo, DialTimeout = options.DialTimeout, TokenGenerator = endpoint.TokenGenerator };
        await using var services = new ServiceRegistryClient(registryOptions);
        await using var endpoints = new EndpointRegistryClient(registryOptions);
        var nse = new NetworkServiceEndpoint { Name = options.Name, Url = options.ListenOn.ToString() };
        foreach (var service in options.ServiceNames)
        {
            nse.NetworkServiceNames.Add(service);
            var labels = new NetworkServiceLabels();
            foreach (var (key, value) in options.Labels)
            {
                labels.Labels[key] = value;
            }

            nse.NetworkServiceLabels[service] = labels;
        }

        NetworkServiceEndpoint? registered = null;
        while (registered is null && !stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (options.RegisterService)
                {
                    foreach (var service in options.ServiceNames)
                    {
                        await services.RegisterAsync(new NetworkService { Name = service, Payload = options.Payload }, new NsmContext(cancellationToken: stoppingToken));
                    }
                }

                registered = await endpoints.RegisterAsync(nse.Clone(), new NsmContext(cancellationToken: stoppingToken));
                var names = string.Join(',', options.ServiceNames);
                LogRegistered(_logger, registered.Name, names, options.ConnectTo);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogRegisterFailed(_logger, options.ConnectTo, ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), _clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        await Task.Delay(Timeout.InfiniteTimeSpan, _clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

        // Stop within NsmHost.CleanupTimeout: unregister (at most 1 s), then stop serving (open monitor streams are cut).
        LogStopping(_logger, options.Name);
        var started = _clock.GetTimestamp();
        using var cleanup = new CancellationTokenSource(NsmHost.CleanupTimeout, _clock);
        if (options.UnregisterItself && registered is not null)
        {
            using var unregister = new CancellationTokenSource(TimeSpan.FromSeconds(1), _clock);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cleanup.Token, unregister.Token);
            try
            {
                await endpoints.UnregisterAsync(registered, new NsmContext(cancellationToken: linked.Token));
                LogUnregistered(_logger, registered.Name);
            }
            catch (Exception ex)
            {
                LogRegisterFailed(_logger, options.ConnectTo, ex.Message);
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
    private static partial void LogConfiguration(ILogger logger, NseCmdOptions options);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "executing phase 2: serving the endpoint on {Url}; netns {NetNS}")]
    private static partial void LogServing(ILogger logger, Uri url, string netNS);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "executing phase 3: registered {Name} for {Services} through {Nsmgr}")]
    private static partial void LogRegistered(ILogger logger, string name, string services, Uri nsmgr);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "registry call through {Nsmgr} failed: {Error}")]
    private static partial void LogRegisterFailed(ILogger logger, Uri nsmgr, string error);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "stopping {Name}")]
    private static partial void LogStopping(ILogger logger, string name);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "unregistered {Name}")]
    private static partial void LogUnregistered(ILogger logger, string name);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "stopped in {Elapsed:F0} ms")]
    private static partial void LogStopped(ILogger logger, double elapsed);
}
