using Microsoft.Extensions.Logging;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Builder;
using Nsm.Sdk.Chains.Client;
using Nsm.Sdk.Chains.Endpoint;
using Nsm.Sdk.Common.Connect;
using Nsm.Sdk.Common.Mechanisms;
using Nsm.Sdk.Common.Mechanisms.Kernel;
using Nsm.Sdk.Common.Passthrough;
using Nsm.Sdk.Core;
using Nsm.Sdk.Vpp.AfPacket;
using Nsm.Sdk.Vpp.L2Xconnect;
using Nsm.Sdk.Vpp.Memif;
using Nsm.Sdk.Vpp.Up;
using Nsm.Vpp;

namespace Nsm.Sdk.Vpp.Passthrough;

/// <summary>
/// The chains of a passthrough NSE whose data path is its own VPP (upstream's cmd-nse-firewall-vpp): the endpoint takes
/// <c>MEMIF</c> (a memif VPP serves) or <c>KERNEL</c> (the interface the caller's forwarder makes in this namespace, which
/// VPP attaches to with af_packet once it is there: <see cref="KernelAttachServer"/>); the onward client asks for the same
/// service with the passthrough labels and prefers <c>MEMIF</c>, else <c>KERNEL</c> (af_packet again). Both sides are
/// set admin up and joined at L2 (<see cref="L2XconnectServer"/>, both directions); the data-path elements (an ACL on the
/// incoming interface…) run on the joined path. Close removes every VPP object made (ACLs, cross-connect, interfaces).
/// </summary>
/// <remarks>
/// Server-side order (post elements: the last runs first on the way back): data path, cross-connect, up, the mechanism
/// (memif, or KERNEL + af_packet), then the onward connection, whose client chain has made and stored its interface.
/// </remarks>
public sealed record VppPassthroughEndpoint : PassthroughEndpoint
{
    /// <summary>Gets how the KERNEL side waits for its interface.</summary>
    public KernelAttachOptions KernelAttach { get; init; } = new();

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        ArgumentNullException.ThrowIfNull(KernelAttach, nameof(KernelAttach));
        KernelAttach.Validate();
    }

    /// <summary>Gets the endpoint chain: <see cref="Server"/> ending in the onward connection (<see cref="ToClientOptions"/>).</summary>
    /// <param name="vpp">The NSE's VPP.</param>
    /// <param name="context">The host's build context (the onward client dials and signs with the host's security).</param>
    /// <param name="dataPath">Makes the elements that act on the joined path, once per mechanism (none for a plain passthrough).</param>
    /// <param name="logger">Logs clean-up failures and background attaches.</param>
    /// <returns>The endpoint options.</returns>
    public EndpointOptions ToEndpointOptions(IVppApi vpp, NsmBuildContext context, Func<IReadOnlyList<INetworkServiceServer>> dataPath, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(context);
        Validate();
        return new EndpointOptions
        {
            Name = Name,
            MaxTokenLifetime = MaxTokenLifetime,
            AdditionalFunctionality = Server(vpp, new ConnectServer(new NsmClient(ToClientOptions(vpp, logger), context)), dataPath, logger),
        };
    }

    /// <summary>Gets the server elements in chain order, ending in <paramref name="connect"/> (the onward connection).</summary>
    /// <param name="vpp">The NSE's VPP.</param>
    /// <param name="connect">The element that makes the onward connection (its client chain stores the outgoing interface).</param>
    /// <param name="dataPath">Makes the elements that act on the joined path, once per mechanism.</param>
    /// <param name="logger">Logs clean-up failures and background attaches.</param>
    /// <returns>The elements.</returns>
    public IReadOnlyList<INetworkServiceServer> Server(IVppApi vpp, INetworkServiceServer connect, Func<IReadOnlyList<INetworkServiceServer>> dataPath, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(vpp);
        ArgumentNullException.ThrowIfNull(connect);
        ArgumentNullException.ThrowIfNull(dataPath);
        Validate();
        var afPacket = new AfPacketOptions { HostInterfaceName = c => KernelMechanism.ToMechanism(c.Mechanism)?.InterfaceName };
        return
        [
            new MechanismsServer(new Dictionary<string, INetworkServiceServer>
            {
                [MemifMechanism.MechanismType] = new NetworkServiceServerChain(
                    [.. dataPath(), new L2XconnectServer(vpp, ipPayloads: true), new UpServer(vpp), new MemifServer(vpp, logger: logger)]),
                [KernelMechanism.MechanismType] = new NetworkServiceServerChain(
                    new KernelMechanismServer(new KernelMechanismOptions { NetNSUrl = NetNSUrl }),
                    new KernelAttachServer(
                        new NetworkServiceServerChain([.. dataPath(), new L2XconnectServer(vpp, ipPayloads: true), new UpServer(vpp), new AfPacketServer(vpp, afPacket)]),
                        KernelAttach,
                        logger)),
            }),
            connect,
        ];
    }

    /// <summary>Gets the onward client's elements: up, then MEMIF (offered first), then KERNEL with af_packet on the interface the forwarder made.</summary>
    /// <param name="vpp">The NSE's VPP.</param>
    /// <param name="logger">Logs clean-up failures.</param>
    /// <returns>The elements, in chain order.</returns>
    public IReadOnlyList<INetworkServiceClient> Client(IVppApi vpp, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(vpp);
        Validate();
        return
        [
            new UpClient(vpp),
            new MemifClient(vpp, logger),
            new KernelMechanismClient(new KernelMechanismOptions { NetNSUrl = NetNSUrl }),
            new AfPacketClient(vpp, new AfPacketOptions { HostInterfaceName = c => KernelMechanism.ToMechanism(c.Mechanism)?.InterfaceName }),
        ];
    }

    /// <summary>Gets the onward client chain: mechanism translation, the passthrough labels, then <see cref="Client"/>; no refresh of its own.</summary>
    /// <param name="vpp">The NSE's VPP.</param>
    /// <param name="logger">Logs clean-up failures.</param>
    /// <returns>The client options.</returns>
    public ClientOptions ToClientOptions(IVppApi vpp, ILogger logger) => OnwardClientOptions(Client(vpp, logger));
}
