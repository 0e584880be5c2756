// An L2 network service endpoint on its own VPP to fork: every client of NSM_SERVICE_NAMES (default l2-segment) gets an
// interface that VPP puts into one bridge domain per service; with NSM_VLAN_ID=100 the segment also leaves through
// NSM_DEVICE_NAME (default eth0) as 802.1Q VLAN 100 (a VPP sub-interface that pops and pushes the tag).
//   NSM_SERVICE_NAMES=l2-segment NSM_VLAN_ID=100 NSM_DEVICE_NAME=eth1 dotnet run
// VPP: an external one at NSM_VPP_API_SOCKET (/var/run/vpp/external/vpp-api.sock), else a private vpp from PATH.
// cmd/nse-vlan-vpp is this with all of upstream's settings (and upstream's trunk mode).
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

    await VppEndpointHost.RunAsync(
        args,
        env,
        VppRuntimeOptions.FromEnvironment(env, "vlan-vpp-endpoint", name, VppSegmentEndpoint.Messages),
        listenOn,
        null,
        (_, vpp, logger) => new EndpointOptions
        {
            Name = name,
            AdditionalFunctionality = [VppSegmentEndpoint.Server(vpp, new VppBridgeSegments(vpp, uplink, logger), KernelMechanismOptions.ForProcess(Environment.ProcessId), null, logger)],
        },
        () => new NsmRegistrationOptions
        {
            RegistryUrl = connectTo,
            Endpoint = new NetworkServiceEndpoint { Name = name, Url = listenOn.ToString(), NetworkServiceNames = { services } },
            Services = [.. services.Select(service => new NetworkService { Name = service, Payload = "ETHERNET" })],
        },
        CancellationToken.None);
}, Console.Error);
