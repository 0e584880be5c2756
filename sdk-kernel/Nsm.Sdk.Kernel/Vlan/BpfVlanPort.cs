using Nsm.Sdk.Kernel.Bpf;
using Nsm.Sdk.Kernel.Netlink;
using Nsm.Sdk.Kernel.Tc;

namespace Nsm.Sdk.Kernel.Vlan;

/// <summary>
/// A VLAN on an uplink without a vlan link and without taking the uplink over: a veth pair whose <see cref="Port"/>
/// end goes into the segment's bridge, and two tc programs. Frames from the bridge arrive on the other end, get tag
/// N and leave through the uplink; frames arriving on the uplink tagged N lose the tag and enter the bridge; every
/// other frame on the uplink (untagged: the pod's or host's own traffic; other VLANs) goes on as before. What
/// <c>ip link add link eth0 name eth0.N type vlan id N</c> does where the kernel has 8021q.
/// </summary>
internal sealed class BpfVlanPort : IAsyncDisposable
{
    private readonly NetlinkHandle _netlink;
    private readonly string _uplink;
    private readonly ushort _priority;
    private readonly bool _ownsQdisc;

    private BpfVlanPort(NetlinkHandle netlink, string uplink, string port, ushort priority, bool ownsQdisc)
    {
        _netlink = netlink;
        _uplink = uplink;
        Port = port;
        _priority = priority;
        _ownsQdisc = ownsQdisc;
    }

    /// <summary>Gets the veth end that carries the VLAN untagged (named like the vlan link would be: <c>eth0.100</c>).</summary>
    public string Port { get; }

    /// <summary>Creates the pair and attaches both programs.</summary>
    /// <param name="netlink">A handle in the uplink's namespace (kept for detaching).</param>
    /// <param name="uplink">The uplink.</param>
    /// <param name="vlanId">The VLAN id, 1..4094 (also the uplink filter's priority, so several VLANs share the uplink).</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <exception cref="BpfException">The kernel refused a program.</exception>
    public static async Task<BpfVlanPort> CreateAsync(NetlinkHandle netlink, string uplink, int vlanId, CancellationToken cancellationToken)
    {
        var port = VlanUplink.LinkName(uplink, vlanId);
        var inner = port.Replace('.', '_');
        var uplinkLink = await netlink.GetLinkAsync(uplink, cancellationToken).ConfigureAwait(false);
        await netlink.DeleteLinkIfExistsAsync(port, cancellationToken).ConfigureAwait(false); // a leftover of a killed run
        await netlink.AddLinkAsync(new VethLink(port, inner) { Mtu = uplinkLink.Mtu, Up = true }, cancellationToken).ConfigureAwait(false);
        BpfVlanPort? created = null;
        try
        {
            await netlink.SetLinkUpAsync(inner, cancellationToken).ConfigureAwait(false);
            await netlink.AddClsactQdiscAsync(inner, cancellationToken).ConfigureAwait(false);
            var innerLink = await netlink.GetLinkAsync(inner, cancellationToken).ConfigureAwait(false);
            var ownsQdisc = true;
            try
            {
                await netlink.AddClsactQdiscAsync(uplink, cancellationToken).ConfigureAwait(false);
            }
            catch (NetlinkException e) when (e.IsAlreadyExists)
            {
                ownsQdisc = false; // someone else's clsact: add our filter to it and leave it in place afterwards
            }

            created = new BpfVlanPort(netlink, uplink, port, (ushort)vlanId, ownsQdisc);
            await AttachIngressAsync(netlink, inner, 1, VlanPrograms.TagAndRedirect(vlanId, uplinkLink.Index), $"nsm_vlan{vlanId}_out", cancellationToken).ConfigureAwait(false);
            await AttachIngressAsync(netlink, uplink, (ushort)vlanId, VlanPrograms.UntagAndRedirect(vlanId, innerLink.Index), $"nsm_vlan{vlanId}_in", cancellationToken).ConfigureAwait(false);
            return created;
        }
        catch
        {
            if (created is not null)
            {
                await created.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                await netlink.DeleteLinkIfExistsAsync(port, CancellationToken.None).ConfigureAwait(false);
            }

            throw;
        }
    }

    /// <summary>Removes the uplink's filter (and its clsact when this port added it) and the pair.</summary>
    /// <returns>A task that completes when they are gone.</returns>
    public async ValueTask DisposeAsync()
    {
        await BpfVlanTagger.IgnoreMissingAsync(_ownsQdisc
            ? _netlink.DeleteClsactQdiscAsync(_uplink)
            : _netlink.DeleteTcFilterAsync(_uplink, TcDirection.Ingress, _priority)).ConfigureAwait(false);
        await _netlink.DeleteLinkIfExistsAsync(Port).ConfigureAwait(false);
    }

    /// <summary>Loads <paramref name="program"/> and attaches it to <paramref name="link"/>'s ingress (its clsact must exist).</summary>
    /// <remarks>The filter keeps the program loaded; its descriptor is closed at once, so deleting the filter (or the link) frees it.</remarks>
    internal static async Task AttachIngressAsync(NetlinkHandle netlink, string link, ushort priority, BpfInstruction[] program, string name, CancellationToken cancellationToken)
    {
        using var loaded = BpfProgram.Load(BpfProgram.SchedClsType, name, program);
        await netlink.AddBpfFilterAsync(link, TcDirection.Ingress, priority, loaded.Fd, name, cancellationToken).ConfigureAwait(false);
    }
}
