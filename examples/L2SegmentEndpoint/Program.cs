// An L2 network service endpoint to fork: every client of NSM_SERVICE_NAMES (default l2-segment) gets an interface on
// one Ethernet segment (a bridge in this process's namespace). Clients address themselves, as in the guide's L2 section.
//   NSM_CONNECT_TO=unix:///var/lib/networkservicemesh/nsm.io.sock NSM_SERVICE_NAMES=l2-bridge dotnet run
// With NSM_VLAN_ID=100 the segment also leaves through NSM_DEVICE_NAME (default eth0) as 802.1Q VLAN 100: a vlan link
// where the kernel has 8021q, tc BPF programs otherwise. cmd/nse-vlan is this with all of upstream's settings.
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nsm.Api.Registry;
using Nsm.Sdk.Chains.Endpoint;
using Nsm.Sdk.Common.Mechanisms;
using Nsm.Sdk.Common.Mechanisms.Kernel;
using Nsm.Sdk.Core;
using Nsm.Sdk.Hosting;
using Nsm.Sdk.Kernel.Segments;

return await NsmProgram.RunAsync("l2-segment-endpoint", async () =>
{
    var env = new NsmEnvironment();
    var name = env.GetString("NSM_NAME", "l2-segment-endpoint");
    var services = env.GetList("NSM_SERVICE_NAMES") is { Count: > 0 } s ? s : ["l2-segment"];
    var listenOn = env.GetUrl("NSM_LISTEN_ON", $"unix://{Path.GetTempPath()}{name}.sock")!;
    var connectTo = env.GetUrl("NSM_CONNECT_TO", null);
    var vlan = env.GetString("NSM_VLAN_ID", "") is { Length: > 0 } v ? int.Parse(v, System.Globalization.CultureInfo.InvariantCulture) : (int?)null;

    var builder = NsmHost.CreateWebApplicationBuilder(args);
    builder.Logging.AddNsmConsole(env);
    await builder.Services.AddNsm().UseTransportSecurityFromEnvironmentAsync(env);
    builder.Services.AddSingleton(sp => new L2SegmentServer(
        new L2SegmentOptions { Services = services, VlanId = vlan, UplinkName = env.GetString("NSM_DEVICE_NAME", "eth0") },
        sp.GetRequiredService<ILoggerFactory>().CreateLogger("L2SegmentEndpoint")));
    var nsm = builder.Services.AddNsm()
        .Configure(o => o with { Name = name })
        .ListenOn(listenOn)
        .AddEndpoint(sp => new EndpointOptions
        {
            Name = name,
            AdditionalFunctionality =
            [
                new MechanismsServer(new Dictionary<string, INetworkServiceServer>
                {
                    ["KERNEL"] = new KernelMechanismServer(new KernelMechanismOptions { NetNSUrl = KernelMechanismOptions.ForProcess(Environment.ProcessId) }),
                }),
                sp.GetRequiredService<L2SegmentServer>(),
            ],
        });
    if (connectTo is not null)
    {
        nsm.AddRegistration(_ => new NsmRegistrationOptions
        {
            RegistryUrl = connectTo,
            Endpoint = new NetworkServiceEndpoint { Name = name, Url = listenOn.ToString(), NetworkServiceNames = { services } },
            Services = [.. services.Select(service => new NetworkService { Name = service, Payload = "ETHERNET" })],
        });
    }

    await using var app = builder.Build();
    app.MapNsm();
    await app.Services.GetRequiredService<L2SegmentServer>().StartAsync(app.Lifetime.ApplicationStopping);
    await app.RunAsync();
});
