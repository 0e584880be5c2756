using System.Security.Cryptography;
using System.Text;
using Nsm.Sdk.Kernel.Bpf;
using Nsm.Sdk.Kernel.Configuration;
using Nsm.Sdk.Kernel.Namespaces;
using Nsm.Sdk.Kernel.Netlink;
using Nsm.Sdk.Kernel.Tc;
using Nsm.Sdk.Kernel.Vlan;

namespace Nsm.Sdk.Kernel.Forwarder;

/// <summary>
/// Upstream's per-client VLAN trunk (<c>Kernel2KernelVLAN</c>) on the kernel: an NSE that gives every client the same
/// interface name and a <c>vlan</c> id gets one veth into its namespace under that name (the trunk, made with its first
/// client and deleted with its last), and each client its own veth (<c>nsm-1</c> in the client, its other end in the
/// forwarder's namespace). Two tc programs join them there: a client's frames are tagged with its VLAN and sent out of
/// the trunk; frames arriving on the trunk with that tag lose it and go to the client. The trunk gets no addresses (the
/// NSE puts them on its VLAN handlers, as upstream).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "The gate never allocates a wait handle, and the forwarder takes Closes after its disposal.")]
internal sealed class VlanTrunks(Func<NetNs> openForwarderNamespace)
{
    private const ushort ClientFilterPriority = 1;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, Trunk> _trunks = new(StringComparer.Ordinal);

    /// <summary>Gets the number of trunks in use.</summary>
    public int Count
    {
        get
        {
            lock (_trunks)
            {
                return _trunks.Count;
            }
        }
    }

    /// <summary>The forwarder-side end of a client's veth.</summary>
    public static string ClientEndName(string connectionId) => "nsmvc" + Hash(connectionId);

    /// <summary>The forwarder-side end of the trunk into <paramref name="nseInterface"/> of the NSE's namespace.</summary>
    public static string TrunkEndName(string nseNetNSUrl, string nseInterface) => "nsmvt" + Hash(nseNetNSUrl + "\n" + nseInterface);

    /// <summary>Connects a client onto the NSE's trunk with VLAN <paramref name="vlan"/> (creating the trunk for the first client).</summary>
    public Task AttachAsync(string connectionId, VethPlan plan, int vlan, CancellationToken cancellationToken) =>
        WithTrunkAsync(plan, async (forwarderNs, nl, key, trunk) =>
        {
            trunk ??= await CreateTrunkAsync(forwarderNs, nl, key, plan, cancellationToken).ConfigureAwait(false);
            var clientEnd = ClientEndName(connectionId);
            try
            {
                using var nscNs = NetNs.OpenFromUrl(plan.NscNetNSUrl);
                var pair = new VethPairConfig(
                    new VethEndConfig(nscNs, plan.NscInterface) { Addresses = plan.NscAddresses, Routes = plan.NscRoutes },
                    new VethEndConfig(forwarderNs, clientEnd),
                    plan.Mtu);
                await CreatePairAsync(pair, cancellationToken).ConfigureAwait(false);
                await PrepareEndAsync(forwarderNs, nl, clientEnd, cancellationToken).ConfigureAwait(false);
                var trunkIndex = (await nl.GetLinkAsync(trunk.End, cancellationToken).ConfigureAwait(false)).Index;
                var clientIndex = (await nl.GetLinkAsync(clientEnd, cancellationToken).ConfigureAwait(false)).Index;
                await BpfVlanPort.AttachIngressAsync(nl, clientEnd, ClientFilterPriority, VlanPrograms.TagAndRedirect(vlan, trunkIndex), $"nsm_vlan{vlan}_to_trunk", cancellationToken).ConfigureAwait(false);
                await BpfVlanTagger.IgnoreMissingAsync(nl.DeleteTcFilterAsync(trunk.End, TcDirection.Ingress, (ushort)vlan, CancellationToken.None)).ConfigureAwait(false);
                await BpfVlanPort.AttachIngressAsync(nl, trunk.End, (ushort)vlan, VlanPrograms.UntagAndRedirect(vlan, clientIndex), $"nsm_vlan{vlan}_to_client", cancellationToken).ConfigureAwait(false);
                trunk.Clients.Add(connectionId);
            }
            catch
            {
                await nl.DeleteLinkIfExistsAsync(clientEnd, CancellationToken.None).ConfigureAwait(false);
                await ReleaseIfUnusedAsync(nl, key, trunk).ConfigureAwait(false);
                throw;
            }
        }, cancellationToken);

    /// <summary>Disconnects a client: its veth and its trunk filter go, and the trunk with its last client.</summary>
    public Task DetachAsync(string connectionId, VethPlan plan, int vlan, CancellationToken cancellationToken) =>
        WithTrunkAsync(plan, async (_, nl, key, trunk) =>
        {
            if (trunk is not null)
            {
                await BpfVlanTagger.IgnoreMissingAsync(nl.DeleteTcFilterAsync(trunk.End, TcDirection.Ingress, (ushort)vlan, cancellationToken)).ConfigureAwait(false);
                trunk.Clients.Remove(connectionId);
            }

            await nl.DeleteLinkIfExistsAsync(ClientEndName(connectionId), cancellationToken).ConfigureAwait(false);
            if (trunk is not null)
            {
                await ReleaseIfUnusedAsync(nl, key, trunk).ConfigureAwait(false);
            }
        }, cancellationToken);

    // One change of the trunks at a time, in the forwarder's namespace, with the plan's trunk (null when it has none yet).
    private async Task WithTrunkAsync(VethPlan plan, Func<NetNs, NetlinkHandle, string, Trunk?, Task> work, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var forwarderNs = openForwarderNamespace();
            using var nl = await forwarderNs.OpenNetlinkAsync(cancellationToken).ConfigureAwait(false);
            var key = TrunkEndName(plan.NseNetNSUrl, plan.NseInterface);
            Trunk? trunk;
            lock (_trunks)
            {
                _trunks.TryGetValue(key, out trunk);
            }

            await work(forwarderNs, nl, key, trunk).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<Trunk> CreateTrunkAsync(NetNs forwarderNs, NetlinkHandle nl, string key, VethPlan plan, CancellationToken cancellationToken)
    {
        using var nseNs = NetNs.OpenFromUrl(plan.NseNetNSUrl);
        await CreatePairAsync(new VethPairConfig(new VethEndConfig(nseNs, plan.NseInterface), new VethEndConfig(forwarderNs, key), plan.Mtu), cancellationToken).ConfigureAwait(false);
        try
        {
            await PrepareEndAsync(forwarderNs, nl, key, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await nl.DeleteLinkIfExistsAsync(key, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        var trunk = new Trunk(key);
        lock (_trunks)
        {
            _trunks[key] = trunk;
        }

        return trunk;
    }

    private async Task ReleaseIfUnusedAsync(NetlinkHandle nl, string key, Trunk trunk)
    {
        if (trunk.Clients.Count > 0)
        {
            return;
        }

        lock (_trunks)
        {
            _trunks.Remove(key);
        }

        await nl.DeleteLinkIfExistsAsync(trunk.End, CancellationToken.None).ConfigureAwait(false); // its peer in the NSE goes with it
    }

    // A stale pair of the same names (an earlier life of the forwarder) is replaced.
    private static async Task CreatePairAsync(VethPairConfig pair, CancellationToken cancellationToken)
    {
        try
        {
            await VethPairConfigurator.CreateAsync(pair, cancellationToken).ConfigureAwait(false);
        }
        catch (NetlinkException ex) when (ex.IsAlreadyExists)
        {
            await VethPairConfigurator.RemoveAsync(pair, cancellationToken).ConfigureAwait(false);
            using var nl = await pair.Forwarder.Namespace.OpenNetlinkAsync(cancellationToken).ConfigureAwait(false);
            await nl.DeleteLinkIfExistsAsync(pair.Forwarder.Name, cancellationToken).ConfigureAwait(false);
            await VethPairConfigurator.CreateAsync(pair, cancellationToken).ConfigureAwait(false);
        }
    }

    // The forwarder's ends only pass frames: no IPv6 of their own (no link-local chatter into the client or the trunk), and the tc hook.
    private static async Task PrepareEndAsync(NetNs forwarderNs, NetlinkHandle nl, string end, CancellationToken cancellationToken)
    {
        await forwarderNs.WriteSysctlAsync($"net.ipv6.conf.{end}.disable_ipv6", "1", cancellationToken).ConfigureAwait(false);
        await nl.AddClsactQdiscAsync(end, cancellationToken).ConfigureAwait(false);
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..8];

    /// <summary>One trunk: its forwarder-side end and the connections on it.</summary>
    private sealed record Trunk(string End)
    {
        public HashSet<string> Clients { get; } = new(StringComparer.Ordinal);
    }
}
