using Nsm.Vpp.Messages.Acl;
using Nsm.Vpp.Messages.AfPacket;
using Nsm.Vpp.Messages.Interfaces;
using Nsm.Vpp.Messages.L2;

namespace Nsm.Sdk.Vpp.Tests.Support;

/// <summary>
/// Makes a <see cref="VppElementFixture"/>'s VPP keep the objects it was asked to make (af_packet interfaces with
/// sw_if_index from 20, ACLs from 10, ACL bindings, cross-connects) and answer "not there" for removals of what it does not
/// have, bridge domains, bridge ports, VLAN sub-interfaces from 100 and their tag rewrites), so a test can check that
/// Close leaves nothing.
/// </summary>
public sealed class VppObjects
{
    private readonly SortedSet<string> _live = new(StringComparer.Ordinal);
    private readonly Dictionary<string, uint> _afPackets = new(StringComparer.Ordinal);
    private uint _nextIndex = 20;
    private uint _nextAcl = 10;
    private uint _nextSubif = 100;

    public VppObjects(VppElementFixture f)
    {
        ArgumentNullException.ThrowIfNull(f);
        f.Vpp.Handle<AfPacketCreateV3, AfPacketCreateV3Reply>(m => Locked(() =>
        {
            var index = _nextIndex++;
            _afPackets[m.HostIfName] = index;
            _live.Add($"af_packet {m.HostIfName} {index}");
            return new AfPacketCreateV3Reply { SwIfIndex = index };
        }));
        f.Vpp.Handle<AfPacketDelete, AfPacketDeleteReply>(m => Locked(() =>
            _afPackets.Remove(m.HostIfName, out var index) && _live.Remove($"af_packet {m.HostIfName} {index}")
                ? new AfPacketDeleteReply() : new AfPacketDeleteReply { Retval = -11 }));
        f.Vpp.Handle<AclAddReplace, AclAddReplaceReply>(m => Locked(() =>
        {
            var index = _nextAcl++;
            _live.Add($"acl {index} {m.Tag}");
            return new AclAddReplaceReply { AclIndex = index };
        }));
        f.Vpp.Handle<AclDel, AclDelReply>(m => Locked(() =>
            _live.RemoveWhere(o => o.StartsWith($"acl {m.AclIndex} ", StringComparison.Ordinal)) > 0 ? new AclDelReply() : new AclDelReply { Retval = -6 }));
        f.Vpp.Handle<AclInterfaceSetAclList, AclInterfaceSetAclListReply>(m => Locked(() =>
        {
            _live.RemoveWhere(o => o.StartsWith($"acl-list {m.SwIfIndex} ", StringComparison.Ordinal));
            if (m.Acls.Count > 0)
            {
                _live.Add($"acl-list {m.SwIfIndex} in={m.NInput} [{string.Join(',', m.Acls)}]");
            }

            return new AclInterfaceSetAclListReply();
        }));
        f.Vpp.Handle<SwInterfaceSetL2Xconnect, SwInterfaceSetL2XconnectReply>(m => Locked(() =>
        {
            _live.RemoveWhere(o => o.StartsWith($"xconnect {m.RxSwIfIndex}->", StringComparison.Ordinal));
            if (m.Enable)
            {
                _live.Add($"xconnect {m.RxSwIfIndex}->{m.TxSwIfIndex}");
            }

            return new SwInterfaceSetL2XconnectReply();
        }));
        f.Vpp.Handle<BridgeDomainAddDelV2, BridgeDomainAddDelV2Reply>(m => Locked(() =>
        {
            var bd = $"bridge {m.BdId} {m.BdTag}";
            if (m.IsAdd)
            {
                _live.Add(bd);
                return new BridgeDomainAddDelV2Reply { BdId = m.BdId };
            }

            return _live.RemoveWhere(o => o.StartsWith($"bridge {m.BdId} ", StringComparison.Ordinal)) > 0 ? new BridgeDomainAddDelV2Reply() : new BridgeDomainAddDelV2Reply { Retval = -6 };
        }));
        f.Vpp.Handle<SwInterfaceSetL2Bridge, SwInterfaceSetL2BridgeReply>(m => Locked(() =>
        {
            _live.RemoveWhere(o => o.StartsWith($"bridge-port {m.RxSwIfIndex} ", StringComparison.Ordinal));
            if (m.Enable)
            {
                _live.Add($"bridge-port {m.RxSwIfIndex} bd={m.BdId}");
            }

            return new SwInterfaceSetL2BridgeReply();
        }));
        f.Vpp.Handle<CreateVlanSubif, CreateVlanSubifReply>(m => Locked(() =>
        {
            var index = _nextSubif++;
            _live.Add($"subif {index} parent={m.SwIfIndex} vlan={m.VlanId}");
            return new CreateVlanSubifReply { SwIfIndex = index };
        }));
        f.Vpp.Handle<L2InterfaceVlanTagRewrite, L2InterfaceVlanTagRewriteReply>(m => Locked(() =>
        {
            _live.Add($"tag-rewrite {m.SwIfIndex} op={m.VtrOp} tag={m.Tag1}");
            return new L2InterfaceVlanTagRewriteReply();
        }));
        f.Vpp.Handle<DeleteSubif, DeleteSubifReply>(m => Locked(() =>
        {
            var removed = _live.RemoveWhere(o => o.StartsWith($"subif {m.SwIfIndex} ", StringComparison.Ordinal) || o.StartsWith($"tag-rewrite {m.SwIfIndex} ", StringComparison.Ordinal) || o.StartsWith($"bridge-port {m.SwIfIndex} ", StringComparison.Ordinal));
            return removed > 0 ? new DeleteSubifReply() : new DeleteSubifReply { Retval = -2 };
        }));
    }

    /// <summary>Gets what VPP has now, sorted.</summary>
    public IReadOnlyList<string> Live
    {
        get
        {
            lock (_live)
            {
                return [.. _live];
            }
        }
    }

    private T Locked<T>(Func<T> body)
    {
        lock (_live)
        {
            return body();
        }
    }
}
