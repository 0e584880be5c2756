using Microsoft.Extensions.Logging;
using Nsm.Sdk.Vpp.Common;
using Nsm.Vpp;
using Nsm.Vpp.Messages.Interfaces;
using Nsm.Vpp.Messages.L2;

namespace Nsm.Sdk.Vpp.Vlan;

/// <summary>
/// The dot1q sub-interfaces of the uplinks, shared by the connections on the same (uplink, VLAN): the first makes it
/// (<c>create_vlan_subif</c>, then <c>l2_interface_vlan_tag_rewrite</c> pop-1, so VPP pops the tag on ingress and
/// pushes it back on egress), the last one's Close deletes it (<c>delete_subif</c>).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "The gate is only awaited (WaitAsync), never allocates a wait handle, and Closes may come after the forwarder stops.")]
internal sealed class VlanSubInterfaces
{
    /// <summary><c>vtr_op</c> POP_1.</summary>
    public const uint PopOne = 3;

    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly Dictionary<(uint Parent, ushort Vlan), (uint SwIfIndex, int Users)> _subInterfaces = [];

    public async Task<uint> AcquireAsync(IVppApi vpp, uint parent, ushort vlan, ILogger logger, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            if (_subInterfaces.TryGetValue((parent, vlan), out var existing))
            {
                _subInterfaces[(parent, vlan)] = (existing.SwIfIndex, existing.Users + 1);
                return existing.SwIfIndex;
            }

            var created = await VppCall.RequestAsync<CreateVlanSubif, CreateVlanSubifReply>(
                vpp, new CreateVlanSubif { SwIfIndex = parent, VlanId = vlan }, cancellationToken);
            try
            {
                await VppCall.RequestAsync<L2InterfaceVlanTagRewrite, L2InterfaceVlanTagRewriteReply>(
                    vpp, new L2InterfaceVlanTagRewrite { SwIfIndex = created.SwIfIndex, VtrOp = PopOne, PushDot1q = 1, Tag1 = vlan }, cancellationToken);
            }
            catch
            {
                await DeleteAsync(vpp, created.SwIfIndex, logger);
                throw;
            }

            _subInterfaces[(parent, vlan)] = (created.SwIfIndex, 1);
            return created.SwIfIndex;
        }
        finally
        {
            _lock.Release();
        }
    }

    public async Task ReleaseAsync(IVppApi vpp, uint parent, ushort vlan, ILogger logger)
    {
        await _lock.WaitAsync(CancellationToken.None);
        try
        {
            if (!_subInterfaces.TryGetValue((parent, vlan), out var existing))
            {
                return;
            }

            if (existing.Users > 1)
            {
                _subInterfaces[(parent, vlan)] = (existing.SwIfIndex, existing.Users - 1);
                return;
            }

            _subInterfaces.Remove((parent, vlan));
            await DeleteAsync(vpp, existing.SwIfIndex, logger);
        }
        finally
        {
            _lock.Release();
        }
    }

    private static Task<bool> DeleteAsync(IVppApi vpp, uint swIfIndex, ILogger logger) =>
        VppCall.UndoAsync(logger, "delete_subif", () =>
            VppCall.RequestAsync<DeleteSubif, DeleteSubifReply>(vpp, new DeleteSubif { SwIfIndex = swIfIndex }, CancellationToken.None));
}
