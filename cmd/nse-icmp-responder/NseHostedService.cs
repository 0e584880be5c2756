using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nsm.Api.Registry;
using Nsm.Sdk.Chains.Endpoint;
using Nsm.Sdk.Common.Ipam.Point2PointIpam;
using Nsm.Sdk.Common.Mechanisms;
using Nsm.Sdk.Common.Mechanisms.Kernel;
using Nsm.Sdk.Core;
using Nsm.Sdk.Ipam;
using Nsm.Sdk.Registry.Chains;

namespace Nsm.Cmd.NseIcmpResponder;

/// <summary>Serves the ICMP responder endpoint and keeps it registered through the nsmgr.</summary>
internal sealed partial class NseHostedService(NseCmdOptions options, ILoggerFactory loggerFactory) : BackgroundService
{
    private readonly ILogger _logger = loggerFactory.CreateLogger("Nsm.Cmd.NseIcmpResponder");

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
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        await Task.Delay(Timeout.Infinite, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (options.UnregisterItself && registered is not null)
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(3));
            try
            {
                await endpoints.UnregisterAsync(registered, new NsmContext(cancellationToken: cts.Token));
            }
            catch (Exception ex)
            {
                LogRegisterFailed(_logger, options.ConnectTo, ex.Message);
            }
        }

        await server.StopAsync(CancellationToken.None);
        if (NsmUrl.IsUnix(options.ListenOn))
        {
            File.Delete(NsmUrl.SocketPath(options.ListenOn));
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "executing phase 1: configuration {Options}")]
    private static partial void LogConfiguration(ILogger logger, NseCmdOptions options);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "executing phase 2: serving the endpoint on {Url}; netns {NetNS}")]
    private static partial void LogServing(ILogger logger, Uri url, string netNS);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "executing phase 3: registered {Name} for {Services} through {Nsmgr}")]
    private static partial void LogRegistered(ILogger logger, string name, string services, Uri nsmgr);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "registry call through {Nsmgr} failed: {Error}")]
    private static partial void LogRegisterFailed(ILogger logger, Uri nsmgr, string error);
}
