using Microsoft.Extensions.Logging.Abstractions;
using Nsm.Api.NetworkService;
using Nsm.Cmd.ForwarderVpp;
using Nsm.Sdk.Common.Connect;
using Nsm.Sdk.Common.MechanismTranslation;
using Nsm.Sdk.Core;
using Nsm.Sdk.Hosting;
using Nsm.Sdk.Vpp.KernelVethPair;
using Nsm.Vpp;

namespace Nsm.RealVpp.Checks.Support;

/// <summary>
/// cmd/forwarder-vpp's data-plane chains (<see cref="ForwarderVppChain"/>) on a real VPP, without the gRPC around them:
/// the server elements, connect, then mechanism translation, the client elements and <paramref name="next"/> (the NSE or
/// the next forwarder).
/// </summary>
public static class VppForwarderHarness
{
    public static NetworkServiceServerChain Chain(IVppApi vpp, string tunnelIP, NetworkServiceHandler next, string? vppNetNsPath = null)
    {
        var env = new NsmEnvironment(name => name == "NSM_TUNNEL_IP" ? tunnelIP : null);
        var options = ForwarderVppOptions.FromEnvironment(env);
        var kernel = new KernelVethPairOptions { VppNetNsPath = vppNetNsPath };
        var client = new NetworkServiceClientChain([new MechanismTranslationClient(), .. ForwarderVppChain.Client(vpp, options, 1500, NullLogger.Instance, kernel), new Tail(next)]);
        return new NetworkServiceServerChain([.. ForwarderVppChain.Server(vpp, options, 1500, NullLogger.Instance, kernel), new ConnectServer(client)]);
    }

    /// <summary>A context with fresh metadata for one connection (each forwarder has its own).</summary>
    public static NsmContext NewContext(string connectionId) => new() { Metadata = new ConnectionMetadata(connectionId) };

    private sealed class Tail(NetworkServiceHandler next) : INetworkServiceClient
    {
        public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler ignored) => next.RequestAsync(request, context);

        public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler ignored) => next.CloseAsync(connection, context);
    }
}

/// <summary>An NSE that answers with the KERNEL preference, naming its own interface and namespace (as the SDK's kernel server does).</summary>
public sealed class KernelNse(string netNSUrl, string interfaceName = "nsm-nse") : NetworkServiceHandler
{
    public int Closes { get; private set; }

    public override ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context)
    {
        var answer = request.Connection.Clone();
        answer.Mechanism = request.MechanismPreferences.First(m => m.Type == Nsm.Sdk.Api.Mechanisms.KernelMechanism.MechanismType).Clone();
        var kernel = Nsm.Sdk.Api.Mechanisms.KernelMechanism.ToMechanism(answer.Mechanism)!;
        kernel.NetNSUrl = netNSUrl;
        kernel.InterfaceName = interfaceName;
        return new(answer);
    }

    public override ValueTask CloseAsync(Connection connection, NsmContext context)
    {
        Closes++;
        return default;
    }
}

/// <summary>
/// The way from one forwarder to the next one on another node (what the two nsmgrs carry): only the preferences of one
/// remote mechanism go on, and the next forwarder's server chain runs with its own connection metadata.
/// </summary>
public sealed class RemoteHop(string mechanismType, NetworkServiceServerChain next) : NetworkServiceHandler
{
    private readonly NsmContext _context = VppForwarderHarness.NewContext("remote-hop");

    public override ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context)
    {
        var onward = request.Clone();
        onward.MechanismPreferences.Clear();
        onward.MechanismPreferences.AddRange(request.MechanismPreferences.Where(m => m.Type == mechanismType).Select(m => m.Clone()));
        onward.Connection.Mechanism = null;
        return next.RequestAsync(onward, _context);
    }

    public override ValueTask CloseAsync(Connection connection, NsmContext context) => next.CloseAsync(connection, _context);
}
