// An L2 network service endpoint on its own VPP to fork: every client of NSM_SERVICE_NAMES (default l2-segment) gets an
// interface that VPP puts into one bridge domain per service; with NSM_VLAN_ID=100 the segment also leaves through
// NSM_DEVICE_NAME (default eth0) as 802.1Q VLAN 100 (a VPP sub-interface that pops and pushes the tag).
//   NSM_SERVICE_NAMES=l2-segment NSM_VLAN_ID=100 NSM_DEVICE_NAME=eth1 dotnet run
// VPP: an external one at NSM_VPP_API_SOCKET (/var/run/vpp/external/vpp-api.sock), else a private vpp from PATH.
// cmd/nse-vlan-vpp is this with all of upstream's settings (and upstream's trunk mode).
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nsm.Api.Registry;
using Nsm.Sdk.Chains.Endpoint;
using Nsm.Sdk.Common.Mechanisms.Kernel;
using Nsm.Sdk.Hosting;
using Nsm.Sdk.Vpp.Bridge;
using Nsm.Sdk.Vpp.Hosting;

return await VppProgram.RunAsync("vlan-vpp-endpoint", async () =>
{
    var env = new NsmEnvironment();
    var name = env.GetString("NSM_NAME", "vlan-vpp-endpoint");
    var services = env.GetList("NSM_SERVICE_NAMES") is { Count: > 0 } s ? s : ["l2-segment"];
    var listenOn = env.GetUrl("NSM_LISTEN_ON", $"unix://{Path.GetTempPath()}{name}.sock")!;
    var connectTo = env.GetUrl("NSM_CONNECT_TO", "unix:///var/lib/networkservicemesh/nsm.io.sock")!;
    var vlan = env.GetString("NSM_VLAN_ID", "") is { Length: > 0 } v ? ushort.Parse(v, System.Globalization.CultureInfo.InvariantCulture) : (ushort?)null;
    var uplink = new VppBridgeOptions { UplinkName = vlan is null ? null : env.GetString("NSM_DEVICE_NAME", "eth0"), VlanId = vlan };

    using var startupLogs = LoggerFactory.Create(b => b.AddNsmConsole(env));
    await using var vpp = await VppRuntime.StartAsync(
        VppRuntimeOptions.FromEnvironment(env, "vlan-vpp-endpoint", name, VppSegmentEndpoint.Messages), TimeProvider.System, startupLogs.CreateLogger("Vpp"), CancellationToken.None);

    var builder = NsmHost.CreateWebApplicationBuilder(args);
    builder.Logging.AddNsmConsole(env);
    await builder.Services.AddNsm().UseTransportSecurityFromEnvironmentAsync(env);
    builder.Services.AddNsm()
        .Configure(o => o with { Name = name })
        .ListenOn(listenOn)
        .AddEndpoint(sp =>
        {
            var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("VlanVppEndpoint");
            var segments = new VppBridgeSegments(vpp.Client, uplink, logger);
            return new EndpointOptions
            {
                Name = name,
                AdditionalFunctionality = [VppSegmentEndpoint.Server(vpp.Client, segments, KernelMechanismOptions.ForProcess(Environment.ProcessId), null, logger)],
            };
        })
        .AddRegistration(_ => new NsmRegistrationOptions
        {
            RegistryUrl = connectTo,
            Endpoint = new NetworkServiceEndpoint { Name = name, Url = listenOn.ToString(), NetworkServiceNames = { services } },
            Services = [.. services.Select(service => new NetworkService { Name = service, Payload = "ETHERNET" })],
        });
    await using var app = builder.Build();
    app.MapNsm();
    await app.RunAsync();
}, Console.Error);
