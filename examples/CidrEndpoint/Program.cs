// A network service endpoint that hands out addresses from a CIDR: fork this to start your own NSE.
//   NSM_NAME=my-nse NSM_CIDR_PREFIX=10.100.1.0/24 NSM_LISTEN_ON=unix:///tmp/my-nse.sock dotnet run
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
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
    var listenOn = env.GetUrls("NSM_LISTEN_ON", $"unix://{System.IO.Path.GetTempPath()}{name}.sock");

    var builder = Host.CreateApplicationBuilder(args);
    builder.Logging.AddNsmConsole(env);
    builder.Services.AddNsmEndpoint(_ => new EndpointOptions
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
    builder.Services.AddNsmGrpcServer(listenOn, sp => sp.GetRequiredService<NsmEndpoint>().ServerChains);
    await builder.Build().RunAsync();
});
