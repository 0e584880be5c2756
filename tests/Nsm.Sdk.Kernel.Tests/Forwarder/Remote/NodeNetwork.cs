using System.Collections.Concurrent;
using System.Net;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Common.MechanismTranslation;
using Nsm.Sdk.Core;
using Nsm.Sdk.Kernel.Forwarder;
using Nsm.Sdk.Kernel.Forwarder.Remote;
using Nsm.Sdk.Kernel.Namespaces;
using Nsm.Sdk.Kernel.Netlink;
using Nsm.Sdk.Kernel.Tests.Support;

namespace Nsm.Sdk.Kernel.Tests.Forwarder.Remote;

/// <summary>
/// "Nodes" on one machine: a namespace per node joined by veths to a bridge in a network namespace (192.168.231.0/24,
/// node i at .i+1), a kernel forwarder per node (veth and remote halves, its tunnels' sockets in the node's namespace)
/// and a pod namespace per node. A connection runs NSC pod → forwarder of its node → (tcp next hop) → forwarder of
/// the NSE's node → NSE pod, through the real elements; the nsmgrs between them are left out.
/// </summary>
internal sealed class NodeNetwork : IAsyncDisposable
{
    private readonly NetNsScope _scope = new();
    private readonly ConcurrentDictionary<string, ConnectionMetadata> _metadata = new(StringComparer.Ordinal);

    private NodeNetwork()
    {
    }

    public List<Node> Nodes { get; } = [];

    /// <summary>Gets or sets a change to the remote forwarder's answer on its way back (a wrong key, an unreachable port).</summary>
    public Action<Connection>? Tamper { get; set; }

    /// <summary>Gets or sets a change to the Request on its way to the NSE's node's forwarder.</summary>
    public Action<NetworkServiceRequest>? TamperRequest { get; set; }

    public static async Task<NodeNetwork> CreateAsync(int count, Func<int, RemoteForwarderOptions, RemoteForwarderOptions>? configure = null)
    {
        var network = new NodeNetwork();
        var (wire, wireNl) = await network._scope.CreateAsync();
        await wireNl.AddLinkAsync(new BridgeLink("br0") { Up = true });
        var bridge = await wireNl.GetLinkAsync("br0");
        for (var i = 0; i < count; i++)
        {
            var (nodeNs, nodeNl) = await network._scope.CreateAsync();
            var (podNs, podNl) = await network._scope.CreateAsync();
            await wireNl.AddLinkAsync(new VethLink($"n{i}", "eth0") { PeerNamespace = nodeNs, MasterIndex = bridge.Index, Up = true });
            await wireNl.SetLinkUpAsync($"n{i}");
            var address = IPAddress.Parse($"192.168.231.{i + 1}");
            await nodeNl.AddAddressAsync("eth0", new NetlinkPrefix(address, 24));
            await nodeNl.SetLinkUpAsync("eth0");
            var options = new RemoteForwarderOptions { TunnelIP = address, NodeNetNsPath = nodeNs.Path, HandshakeTimeout = TimeSpan.FromSeconds(1) };
            network.Nodes.Add(new Node(network, i, nodeNs, nodeNl, podNs, podNl, address, configure?.Invoke(i, options) ?? options));
        }

        return network;
    }

    /// <summary>Requests a connection from the NSC pod of <paramref name="from"/> to an NSE in the pod of <paramref name="to"/>.</summary>
    public Task<Connection> RequestAsync(int from, int to, string id, string payload, string nscName = "nsm-1", string nseName = "nse-1", Connection? refresh = null, string subnet = "172.16.1")
    {
        var mechanism = KernelMechanism.New("file://" + Nodes[from].Pod.Path);
        mechanism.Parameters[KernelMechanism.InterfaceNameKey] = nscName;
        var request = new NetworkServiceRequest
        {
            Connection = refresh?.Clone() ?? new Connection
            {
                Id = id,
                NetworkService = "remote-svc",
                Payload = payload,
                Context = new ConnectionContext { IpContext = new IPContext { SrcIpAddrs = { subnet + ".101/31" }, DstIpAddrs = { subnet + ".100/31" } } },
            },
            MechanismPreferences = { mechanism },
        };
        return Nodes[from].Chain(Nodes[to], nseName).RequestAsync(request, Context(id, "tcp://" + Nodes[to].Address + ":5002")).AsTask();
    }

    public Task CloseAsync(int from, int to, Connection conn, string nseName = "nse-1") =>
        Nodes[from].Chain(Nodes[to], nseName).CloseAsync(conn, Context(conn.Id, "tcp://" + Nodes[to].Address + ":5002")).AsTask();

    /// <summary>Closes the connection on the NSE's node only (as its forwarder does when the connection expires there).</summary>
    public Task CloseOnRemoteAsync(int to, Connection conn, string nseName = "nse-1")
    {
        var remote = conn.Clone();
        remote.Id = conn.Id + "@remote";
        return Nodes[to].Chain(nseName).CloseAsync(remote, Context(remote.Id, "unix:///nse.sock")).AsTask();
    }

    /// <summary>
    /// Restarts node <paramref name="index"/>'s forwarder: new forwarder objects, and the metadata of the connections
    /// <paramref name="connectionIds"/> (as this node's forwarder knows them) forgotten; the devices it made stay.
    /// </summary>
    public void Restart(int index, params string[] connectionIds)
    {
        foreach (var id in connectionIds)
        {
            _metadata.TryRemove(id, out _);
        }

        Nodes[index].Restart();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes)
        {
            await node.Veth.DisposeAsync();
        }

        await _scope.DisposeAsync();
    }

    private NsmContext Context(string id, string clientUrl) =>
        new() { Metadata = _metadata.GetOrAdd(id, i => new ConnectionMetadata(i)), ClientUrl = new Uri(clientUrl) };

    internal sealed class Node(NodeNetwork network, int index, NetNs ns, NetlinkHandle nl, NetNs pod, NetlinkHandle podNl, IPAddress address, RemoteForwarderOptions options)
    {
        public int Index { get; } = index;

        public NetNs Ns { get; } = ns;

        public NetlinkHandle Nl { get; } = nl;

        public NetNs Pod { get; } = pod;

        public NetlinkHandle PodNl { get; } = podNl;

        public IPAddress Address { get; } = address;

        public KernelVethForwarder Veth { get; private set; } = new();

        public RemoteForwarder Remote { get; private set; } = new(options);

        /// <summary>Replaces the forwarder objects, as a restarted forwarder process has new ones.</summary>
        public void Restart()
        {
            Veth = new();
            Remote = new(options);
        }

        /// <summary>This node's forwarder as the NSC's, with <paramref name="remote"/>'s forwarder (and its NSE) behind it.</summary>
        public NetworkServiceServerChain Chain(Node remote, string nseName) =>
            Forwarder(new Bridge(network, remote.Chain(nseName)));

        /// <summary>This node's forwarder as the NSE's, the NSE named <paramref name="nseName"/> in its pod.</summary>
        public NetworkServiceServerChain Chain(string nseName) => Forwarder(new KernelEndpoint(Pod.Path, nseName));

        private NetworkServiceServerChain Forwarder(INetworkServiceClient next) =>
            new([Veth.Server, .. Remote.ServerElements, new FakeConnect(new NetworkServiceClientChain([new MechanismTranslationClient(), Veth.Client, .. Remote.ClientElements, next]))]);
    }

    /// <summary>The nsmgrs between the forwarders: the remote forwarder sees its own connection id and context.</summary>
    private sealed class Bridge(NodeNetwork network, NetworkServiceServerChain remote) : INetworkServiceClient
    {
        public async ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
        {
            var downstream = request.Clone();
            var id = request.Connection.Id;
            downstream.Connection.Id = id + "@remote";
            network.TamperRequest?.Invoke(downstream);
            var conn = (await remote.RequestAsync(downstream, network.Context(downstream.Connection.Id, "unix:///nse.sock"))).Clone();
            conn.Id = id;
            network.Tamper?.Invoke(conn);
            return conn;
        }

        public async ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
        {
            var downstream = connection.Clone();
            downstream.Id = connection.Id + "@remote";
            await remote.CloseAsync(downstream, network.Context(downstream.Id, "unix:///nse.sock"));
        }
    }

    /// <summary>Stands in for the NSE: answers with its own KERNEL mechanism.</summary>
    private sealed class KernelEndpoint(string netnsPath, string name) : INetworkServiceClient
    {
        public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
        {
            var conn = request.Connection.Clone();
            var mechanism = KernelMechanism.New("file://" + netnsPath);
            mechanism.Parameters[KernelMechanism.InterfaceNameKey] = name;
            conn.Mechanism = mechanism;
            return ValueTask.FromResult(conn);
        }

        public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next) => default;
    }
}
