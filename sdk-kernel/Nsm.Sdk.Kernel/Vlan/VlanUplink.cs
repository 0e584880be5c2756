using Nsm.Sdk.Kernel.Netlink;

namespace Nsm.Sdk.Kernel.Vlan;

/// <summary>
/// A VLAN on an uplink, either way: a vlan link stacked on it, or (without 8021q) a veth pair joined to the uplink
/// by tc BPF programs that tag and untag (<c>BpfVlanPort</c>). Either way <see cref="Port"/> (<c>eth0.100</c>) carries
/// the VLAN untagged: put it into the segment's bridge. The uplink itself keeps its own use (its addresses and
/// untagged traffic). Disposing removes what was added.
/// </summary>
public sealed class VlanUplink : IAsyncDisposable
{
    private readonly NetlinkHandle _netlink;
    private readonly BpfVlanPort? _bpf;

    private VlanUplink(NetlinkHandle netlink, VlanUplinkMode mode, string port, BpfVlanPort? bpf)
    {
        _netlink = netlink;
        Mode = mode;
        Port = port;
        _bpf = bpf;
    }

    /// <summary>The mode in use (never Auto).</summary>
    public VlanUplinkMode Mode { get; }

    /// <summary>The interface that carries the VLAN's frames untagged.</summary>
    public string Port { get; }

    /// <summary>Sets the VLAN up on <paramref name="uplink"/> in the mode <paramref name="support"/> resolves.</summary>
    /// <param name="netlink">A handle in the uplink's namespace.</param>
    /// <param name="uplink">The uplink (trunk) interface.</param>
    /// <param name="vlanId">The VLAN id, 1..4094.</param>
    /// <param name="mode">The requested mode.</param>
    /// <param name="support">What the node offers (<see cref="VlanSupport.ProbeAsync"/>).</param>
    /// <param name="cancellationToken">Cancels waiting for the handle.</param>
    public static async Task<VlanUplink> CreateAsync(NetlinkHandle netlink, string uplink, int vlanId, VlanUplinkMode mode, VlanSupport support, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(netlink);
        ArgumentNullException.ThrowIfNull(support);
        ArgumentException.ThrowIfNullOrEmpty(uplink);
        ArgumentOutOfRangeException.ThrowIfLessThan(vlanId, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(vlanId, 4094);
        if (support.Resolve(mode) == VlanUplinkMode.Bpf)
        {
            var bpf = await BpfVlanPort.CreateAsync(netlink, uplink, vlanId, cancellationToken).ConfigureAwait(false);
            return new VlanUplink(netlink, VlanUplinkMode.Bpf, bpf.Port, bpf);
        }

        var parent = await netlink.GetLinkAsync(uplink, cancellationToken).ConfigureAwait(false);
        var name = LinkName(uplink, vlanId);
        await netlink.AddLinkAsync(new VlanLink(name, parent.Index, vlanId) { Up = true }, cancellationToken).ConfigureAwait(false);
        return new VlanUplink(netlink, VlanUplinkMode.Link, name, null);
    }

    /// <summary>The vlan link's name: <c>uplink.N</c>, the uplink part shortened to fit 15 characters.</summary>
    /// <param name="uplink">The uplink name.</param>
    /// <param name="vlanId">The VLAN id.</param>
    public static string LinkName(string uplink, int vlanId)
    {
        ArgumentNullException.ThrowIfNull(uplink);
        var suffix = "." + vlanId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return uplink[..Math.Min(uplink.Length, 15 - suffix.Length)] + suffix;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_bpf is not null)
        {
            await _bpf.DisposeAsync().ConfigureAwait(false);
        }
        else
        {
            await _netlink.DeleteLinkIfExistsAsync(Port).ConfigureAwait(false);
        }
    }
}
