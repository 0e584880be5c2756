// A network service endpoint that hands out addresses from a CIDR: fork this to start your own NSE.
//   NSM_NAME=my-nse NSM_CIDR_PREFIX=10.100.1.0/24 NSM_LISTEN_ON=unix:///tmp/my-nse.sock dotnet run
// With NSM_CONNECT_TO (the local nsmgr) set, it registers itself for NSM_SERVICE_NAMES (default cidr-endpoint).
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Nsm.Api.Registry;
using Nsm.Sdk.Chains.Endpoint;
using Nsm.Sdk.Common.Ipam.Point2PointIpam;
using Nsm.Sdk.Common.Mechanisms;
using Nsm.Sdk.Common.Mechanisms.Kernel;
using Nsm.Sdk.Core;
using Nsm.Sdk.Hosting;
using Nsm.Sdk.Ipam;

return await NsmProgram.RunAsync("cidr-endpoint", async () =>
{
    var env = new NsmEnvironment();
    var name = env.GetString("NSM_NAME", "cidr-endpoint");
    var cidrs = env.GetCidrs("NSM_CIDR_PREFIX", "10.100.1.0/24");
    var listenOn = env.GetUrl("NSM_LISTEN_ON", $"unix://{System.IO.Path.GetTempPath()}{name}.sock")!;
    var connectTo = env.GetUrl("NSM_CONNECT_TO", null);
    var services = env.GetList("NSM_SERVICE_NAMES");

    var builder = NsmHost.CreateWebApplicationBuilder(args);
    builder.Logging.AddNsmConsole(env);
    await builder.Services.AddNsm().UseTransportSecurityFromEnvironmentAsync(env);
    var nsm = builder.Services.AddNsm()
        .Configure(o => o with { Name = name })
        .ListenOn(listenOn)
        .AddEndpoint(_ => new EndpointOptions
        {
            Name = name,
            AdditionalFunctionality =
            [
                new Point2PointIpamServer(new Point2PointIpamOptions { Prefixes = [.. cidrs], Mode = PointToPointMode.SharedEndpoint }),
                new MechanismsServer(new Dictionary<string, INetworkServiceServer>
                {
                    ["KERNEL"] = new KernelMechanismServer(new KernelMechanismOptions { NetNSUrl = KernelMechanismOptions.ForProcess(Environment.ProcessId) }),
                }),
            ],
        });
    if (connectTo is not null)
    {
        nsm.AddRegistration(_ => new NsmRegistrationOptions
        {
            RegistryUrl = connectTo,
            Endpoint = new NetworkServiceEndpoint { Name = name, Url = listenOn.ToString(), NetworkServiceNames = { services.Count > 0 ? services : [name] } },
        });
    }

    await using var app = builder.Build();
    app.MapNsm();
    await app.RunAsync();
});
