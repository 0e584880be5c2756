// A Network Service Mesh endpoint (NSE): serves its chain on NSM_LISTEN_ON, registers with the node's nsmgr
// (NSM_CONNECT_TO) for NSM_SERVICE_NAMES, hands every client a point-to-point address pair from NSM_CIDR_PREFIX,
// and unregisters when stopped (Ctrl+C, SIGTERM). Add your own elements to AdditionalFunctionality.
using System.Runtime.InteropServices;
using Nsm.Api.Registry;
using Nsm.Sdk.Builder;
using Nsm.Sdk.Chains.Endpoint;
using Nsm.Sdk.Common.Ipam.Point2PointIpam;
using Nsm.Sdk.Core;
using Nsm.Sdk.Hosting;
using Nsm.Sdk.Registry.Chains;

var env = new NsmEnvironment();
var name = env.GetString("NSM_NAME", "nsm-endpoint");
var connectTo = env.GetUrl("NSM_CONNECT_TO", "unix:///var/lib/networkservicemesh/nsm.io.sock")!;
var listenOn = env.GetUrl("NSM_LISTEN_ON", $"unix://{Path.GetTempPath()}{name}.sock")!;
var services = env.GetList("NSM_SERVICE_NAMES", "NSM_NETWORK_SERVICES") is { Count: > 0 } s ? s : ["my-service"];
var prefixes = env.GetCidrs("NSM_CIDR_PREFIX", "169.254.0.0/24");

using var stop = new CancellationTokenSource();
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });

var endpoint = new NsmEndpoint(new EndpointOptions
{
    Name = name,
    AdditionalFunctionality =
    [
        new Point2PointIpamServer(new Point2PointIpamOptions { Prefixes = [.. prefixes] }),
    ],
}, new NsmBuildContext { Lifetime = stop.Token });
if (NsmUrl.IsUnix(listenOn))
{
    File.Delete(NsmUrl.SocketPath(listenOn));
}

await using var server = await NsmGrpcServer.StartAsync([listenOn], endpoint.ServerChains, cancellationToken: stop.Token);
Console.WriteLine($"{name}: serving on {listenOn}");

var registryOptions = new RegistryClientOptions { RegistryUrl = connectTo, TokenGenerator = endpoint.TokenGenerator };
await using var serviceRegistry = new ServiceRegistryClient(registryOptions);
await using var registry = new EndpointRegistryClient(registryOptions);
var registration = new NetworkServiceEndpoint { Name = name, Url = listenOn.ToString() };
registration.NetworkServiceNames.Add(services);
NetworkServiceEndpoint? registered = null;
while (registered is null && !stop.IsCancellationRequested)
{
    try
    {
        foreach (var service in services)
        {
            await serviceRegistry.RegisterAsync(new NetworkService { Name = service, Payload = "ETHERNET" }, new NsmContext(cancellationToken: stop.Token));
        }

        registered = await registry.RegisterAsync(registration.Clone(), new NsmContext(cancellationToken: stop.Token));
        Console.WriteLine($"{name}: registered for {string.Join(',', services)} through {connectTo}");
    }
    catch (Exception ex) when (!stop.IsCancellationRequested)
    {
        Console.WriteLine($"{name}: registration through {connectTo} failed, retrying: {ex.Message}");
        await Task.Delay(TimeSpan.FromSeconds(1), TimeProvider.System, stop.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }
}

await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
if (registered is not null)
{
    using var unregister = new CancellationTokenSource(TimeSpan.FromSeconds(1), TimeProvider.System);
    try
    {
        await registry.UnregisterAsync(registered, new NsmContext(cancellationToken: unregister.Token));
        Console.WriteLine($"{name}: unregistered");
    }
    catch (Exception ex)
    {
        Console.WriteLine($"{name}: unregister failed: {ex.Message}");
    }
}

await server.StopAsync(CancellationToken.None);
if (NsmUrl.IsUnix(listenOn))
{
    File.Delete(NsmUrl.SocketPath(listenOn));
}
