using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Common.FilterMechanisms;
using Nsm.Sdk.Common.Mechanisms.Remote;
using Nsm.Sdk.Common.Mechanisms.Vxlan;
using Nsm.Sdk.Core;
using Nsm.Sdk.Kernel.Namespaces;

namespace Nsm.Sdk.Kernel.Forwarder.Remote;

/// <summary>
/// The remote halves of the kernel forwarder: connections whose NSC and NSE live on two nodes, joined by one tunnel
/// device per connection (VXLAN), made by the forwarder on each node in its pod's namespace.
/// On the NSC's node the client half offers REMOTE preferences to a remote next hop (in
/// <see cref="RemoteForwarderOptions.Priority"/> order, by payload) and the server half creates the NSC's interface
/// from the server's answer; on the NSE's node the server half selects a mechanism, completes it (<c>dst_*</c>, VNI)
/// and creates the NSE's interface once the NSE answered. Put <see cref="ServerElements"/> after
/// <see cref="KernelVethForwarder.Server"/> and <see cref="ClientElements"/> after <see cref="KernelVethForwarder.Client"/>.
/// </summary>
public sealed class RemoteForwarder
{
    /// <summary>The REMOTE mechanism the next hop answered (client half to server half).</summary>
    internal static readonly NsmContextKey<Mechanism> Answer = new("remote.answer");

    private readonly ConcurrentDictionary<string, VxlanDevice> _devices = new(StringComparer.Ordinal);

    /// <summary>Initializes the elements.</summary>
    /// <param name="options">The options.</param>
    public RemoteForwarder(RemoteForwarderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        Available = new HashSet<string>([VxlanMechanism.MechanismType], StringComparer.Ordinal);
        var vni = new VniOptions(options.TunnelIP) { Port = options.VxlanPort, Random = options.Random, IsReserved = Vnis.IsTakenByOther };
        ServerElements =
        [
            new RemoteMechanismSelectServer(Available, options.TunnelIP, options.Mtu),
            new VniServer(vni),
            new RemoteServer(this),
        ];
        ClientElements =
        [
            new RemoteClient(this),
            new VniClient(vni),
            new FilterMechanismsClient(),
        ];
    }

    /// <summary>Gets the options.</summary>
    public RemoteForwarderOptions Options { get; }

    /// <summary>Gets the forwarder's server elements (mechanism selection, VNI, device creation), in order.</summary>
    public IReadOnlyList<INetworkServiceServer> ServerElements { get; }

    /// <summary>Gets the forwarder's client elements (REMOTE preferences, <c>src_*</c>, the class filter), in order.</summary>
    public IReadOnlyList<INetworkServiceClient> ClientElements { get; }

    /// <summary>Gets the number of tunnel devices this forwarder currently keeps.</summary>
    public int Count => _devices.Count;

    /// <summary>Gets the number of VNIs in use on this node.</summary>
    public int VniCount => Vnis.Count;

    /// <summary>Gets the REMOTE mechanism types this forwarder builds.</summary>
    internal HashSet<string> Available { get; }

    /// <summary>Gets the node's VNIs.</summary>
    internal NodeVnis Vnis { get; } = new();

    /// <summary>Opens the node's namespace (the tunnels' underlay).</summary>
    internal NetNs OpenNode() => Options.NodeNetNsPath is { } path ? NetNs.Open(path) : NetNs.OpenCurrentProcess();

    /// <summary>Makes the connection's device what <paramref name="device"/> says: nothing on a refresh, else replace.</summary>
    internal async Task EnsureAsync(string connectionId, VxlanDevice device, ILogger logger, CancellationToken cancellationToken)
    {
        if (_devices.TryGetValue(connectionId, out var existing))
        {
            if (existing == device)
            {
                return;
            }

            _devices.TryRemove(connectionId, out _);
            await VxlanDevices.DeleteAsync(existing, logger, cancellationToken).ConfigureAwait(false); // healed onto another peer
        }

        using var node = OpenNode();
        await VxlanDevices.CreateAsync(device, node, logger, cancellationToken).ConfigureAwait(false);
        _devices[connectionId] = device;
    }

    /// <summary>Deletes the connection's device and frees its VNI.</summary>
    internal async Task RemoveAsync(string connectionId, ILogger logger)
    {
        if (_devices.TryRemove(connectionId, out var device))
        {
            using var timeout = new CancellationTokenSource(Options.CloseTimeout, Options.Clock);
            await VxlanDevices.DeleteAsync(device, logger, timeout.Token).ConfigureAwait(false);
        }

        Vnis.Release(connectionId);
    }
}
