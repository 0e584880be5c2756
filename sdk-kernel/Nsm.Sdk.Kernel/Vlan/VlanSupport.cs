using Nsm.Sdk.Kernel.Namespaces;
using Nsm.Sdk.Kernel.Netlink;

namespace Nsm.Sdk.Kernel.Vlan;

/// <summary>What the node offers for VLAN uplinks, found by trying both ways in a throwaway namespace.</summary>
/// <param name="VlanLink">The kernel creates <c>vlan</c> links (8021q).</param>
/// <param name="BpfTagger">BPF programs load and attach as clsact filters.</param>
/// <param name="Detail">Why a way is missing (the kernel's errors), empty when both work.</param>
public sealed record VlanSupport(bool VlanLink, bool BpfTagger, string Detail)
{
    /// <summary>Probes the node: a veth pair in a new namespace gets a vlan link and a BPF tagger; the namespace is deleted.</summary>
    /// <param name="cancellationToken">Cancels the probe.</param>
    public static async Task<VlanSupport> ProbeAsync(CancellationToken cancellationToken = default)
    {
        var name = "nsm-vlanprobe-" + Guid.NewGuid().ToString("N")[..8];
        using var ns = await NetNs.CreateAsync(name, cancellationToken).ConfigureAwait(false);
        try
        {
            using var netlink = await ns.OpenNetlinkAsync(cancellationToken).ConfigureAwait(false);
            await netlink.AddLinkAsync(new VethLink("probe0", "probe1"), cancellationToken).ConfigureAwait(false);
            var probe = await netlink.GetLinkAsync("probe0", cancellationToken).ConfigureAwait(false);
            var details = new List<string>();
            var link = false;
            try
            {
                await netlink.AddLinkAsync(new VlanLink("probe0.100", probe.Index, 100), cancellationToken).ConfigureAwait(false);
                link = true;
            }
            catch (NetlinkException e)
            {
                details.Add("vlan link: " + e.Message);
            }

            var bpf = false;
            try
            {
                await using var tagger = await BpfVlanTagger.AttachAsync(netlink, "probe0", 100, cancellationToken: cancellationToken).ConfigureAwait(false);
                bpf = true;
            }
            catch (Exception e) when (e is Bpf.BpfException or NetlinkException)
            {
                details.Add("bpf tagger: " + e.Message);
            }

            return new VlanSupport(link, bpf, string.Join("; ", details));
        }
        finally
        {
            NetNs.Delete(name);
        }
    }

    /// <summary>The mode to use for <paramref name="requested"/>: Auto becomes Link where available, else Bpf.</summary>
    /// <param name="requested">The configured mode.</param>
    /// <exception cref="NotSupportedException">The node cannot do the requested (or any) mode.</exception>
    public VlanUplinkMode Resolve(VlanUplinkMode requested) => requested switch
    {
        VlanUplinkMode.Link when VlanLink => VlanUplinkMode.Link,
        VlanUplinkMode.Bpf when BpfTagger => VlanUplinkMode.Bpf,
        VlanUplinkMode.Auto when VlanLink => VlanUplinkMode.Link,
        VlanUplinkMode.Auto when BpfTagger => VlanUplinkMode.Bpf,
        _ => throw new NotSupportedException($"VLAN uplink mode {requested} is not available on this node: {Detail}"),
    };
}
