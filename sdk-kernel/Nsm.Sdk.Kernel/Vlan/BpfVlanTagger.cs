using Nsm.Sdk.Kernel.Bpf;
using Nsm.Sdk.Kernel.Netlink;
using Nsm.Sdk.Kernel.Tc;

namespace Nsm.Sdk.Kernel.Vlan;

/// <summary>
/// 802.1Q tagging on a link without the 8021q module: a clsact qdisc with two direct-action BPF filters. Egress
/// pushes VLAN N on every frame; ingress pops tag N, drops frames tagged with another VLAN and passes or drops
/// untagged ones. <see cref="DisposeAsync"/> removes the filters and the qdisc (if this tagger added it) and closes
/// the programs, which the kernel then frees.
/// </summary>
public sealed class BpfVlanTagger : IAsyncDisposable
{
    /// <summary>The priority of both filters.</summary>
    public const ushort FilterPriority = 1;

    private const int InvalidArgument = 22; // EINVAL: tc's answer for a qdisc or filter that is not there
    private readonly NetlinkHandle _netlink;
    private readonly BpfProgram _egress;
    private readonly BpfProgram _ingress;
    private readonly bool _ownsQdisc;
    private int _disposed;

    private BpfVlanTagger(NetlinkHandle netlink, string link, int vlanId, BpfProgram egress, BpfProgram ingress, bool ownsQdisc)
    {
        _netlink = netlink;
        Link = link;
        VlanId = vlanId;
        _egress = egress;
        _ingress = ingress;
        _ownsQdisc = ownsQdisc;
    }

    /// <summary>The tagged link.</summary>
    public string Link { get; }

    /// <summary>The VLAN id.</summary>
    public int VlanId { get; }

    /// <summary>The kernel id of the egress (push) program.</summary>
    public uint EgressProgramId => _egress.Id;

    /// <summary>The kernel id of the ingress (pop) program.</summary>
    public uint IngressProgramId => _ingress.Id;

    /// <summary>Loads the programs and attaches them to <paramref name="link"/>.</summary>
    /// <param name="netlink">A handle in the link's namespace (kept for detaching).</param>
    /// <param name="link">The interface name.</param>
    /// <param name="vlanId">The VLAN id, 1..4094.</param>
    /// <param name="passUntagged">Let untagged frames in on ingress (otherwise they are dropped).</param>
    /// <param name="cancellationToken">Cancels waiting for the handle.</param>
    /// <exception cref="BpfException">The kernel refused a program (the verifier log is in the message).</exception>
    public static async Task<BpfVlanTagger> AttachAsync(NetlinkHandle netlink, string link, int vlanId, bool passUntagged = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(netlink);
        ArgumentException.ThrowIfNullOrEmpty(link);
        ArgumentOutOfRangeException.ThrowIfLessThan(vlanId, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(vlanId, 4094);
        var egress = BpfProgram.Load(BpfProgram.SchedClsType, "nsm_vlan_push", VlanPrograms.Push(vlanId));
        BpfProgram? ingress = null;
        BpfVlanTagger? tagger = null;
        try
        {
            ingress = BpfProgram.Load(BpfProgram.SchedClsType, "nsm_vlan_pop", VlanPrograms.Pop(vlanId, passUntagged));
            var ownsQdisc = true;
            try
            {
                await netlink.AddClsactQdiscAsync(link, cancellationToken).ConfigureAwait(false);
            }
            catch (NetlinkException e) when (e.IsAlreadyExists)
            {
                ownsQdisc = false; // someone else's clsact: add our filters to it and leave it in place afterwards
            }

            tagger = new BpfVlanTagger(netlink, link, vlanId, egress, ingress, ownsQdisc);
            await netlink.AddBpfFilterAsync(link, TcDirection.Egress, FilterPriority, egress.Fd, $"nsm_vlan{vlanId}_push", cancellationToken).ConfigureAwait(false);
            await netlink.AddBpfFilterAsync(link, TcDirection.Ingress, FilterPriority, ingress.Fd, $"nsm_vlan{vlanId}_pop", cancellationToken).ConfigureAwait(false);
            return tagger;
        }
        catch
        {
            if (tagger is not null)
            {
                await tagger.DisposeAsync().ConfigureAwait(false);
            }

            egress.Dispose();
            ingress?.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"bpf vlan {VlanId} tagger on {Link}";

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            if (_ownsQdisc)
            {
                await IgnoreMissingAsync(_netlink.DeleteClsactQdiscAsync(Link)).ConfigureAwait(false);
            }
            else
            {
                await IgnoreMissingAsync(_netlink.DeleteTcFilterAsync(Link, TcDirection.Egress, FilterPriority)).ConfigureAwait(false);
                await IgnoreMissingAsync(_netlink.DeleteTcFilterAsync(Link, TcDirection.Ingress, FilterPriority)).ConfigureAwait(false);
            }
        }
        finally
        {
            _egress.Dispose();
            _ingress.Dispose();
        }
    }

    // The link (or its namespace) may already be gone, and the filters with it.
    internal static async Task IgnoreMissingAsync(Task request)
    {
        try
        {
            await request.ConfigureAwait(false);
        }
        catch (NetlinkException e) when (e.IsNotFound || e.ErrorCode == InvalidArgument)
        {
        }
    }
}
