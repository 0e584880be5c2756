using Microsoft.Extensions.Logging;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Core;
using Nsm.Sdk.Vpp.Common;
using Nsm.Vpp;
using Nsm.Vpp.Messages.AfPacket;
using Nsm.Vpp.Messages.Interfaces;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Sdk.Vpp.Vlan;

/// <summary>
/// Upstream cmd-nse-vlan-vpp's trunk: every client's KERNEL mechanism names the same interface in this namespace (a
/// trunk the forwarder tags each client's traffic on, <c>vlan</c> in the mechanism). After the rest of the chain answered,
/// the trunk gets one af_packet parent in VPP (admin up; shared, the last Close deletes it) and the connection its dot1q
/// sub-interface (<c>create_vlan_subif</c>, or the parent itself for VLAN 0), stored as the server side's interface for
/// the elements after it (up, the NSE's addresses, the routes to the client). Close deletes the sub-interface
/// (<c>delete_subif</c>) and releases the parent.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "The gate is only awaited (WaitAsync), never allocates a wait handle.")]
public sealed class VlanTrunkServer : INetworkServiceServer
{
    private const string Element = "vlantrunk";
    private static readonly NsmContextKey<Trunked> TrunkedKey = new("vpp.vlantrunk");
    private readonly IVppApi _vpp;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly Dictionary<string, (uint SwIfIndex, int Users)> _parents = new(StringComparer.Ordinal);

    /// <summary>Initializes the element.</summary>
    /// <param name="vpp">The NSE's VPP.</param>
    /// <param name="logger">Logs clean-up failures.</param>
    public VlanTrunkServer(IVppApi vpp, ILogger logger)
    {
        _vpp = vpp ?? throw new ArgumentNullException(nameof(vpp));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>Upstream's trunk name for an NSE: <c>nse</c> + the hex MD5 of its name, cut to Linux's 15 characters.</summary>
    /// <param name="nseName">The NSE's name (<c>NSM_NAME</c>).</param>
    /// <returns>The interface name.</returns>
    public static string TrunkName(string nseName)
    {
        ArgumentNullException.ThrowIfNull(nseName);
#pragma warning disable CA5351 // a name, as upstream derives it; not a security use
        var hash = System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes(nseName));
#pragma warning restore CA5351
        return ("nse" + Convert.ToHexStringLower(hash))[..15];
    }

    /// <inheritdoc/>
    public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next) =>
        VppElement.RequestAsync(Element, request, context, next, (c, ct) => ApplyAsync(context, c, ct), (c, ctx) => CloseAsync(c, ctx, next));

    /// <inheritdoc/>
    public async ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.MetadataMap(isClient: false).TryLoadAndDelete(TrunkedKey, out var trunked))
        {
            VppInterfaces.TryLoadAndDelete(context, isClient: false, out _);
            if (trunked.SubInterface is { } sub)
            {
                await VppElement.CleanUpAsync(context, Element, connection.Id, ct =>
                    _vpp.RequestAsync<DeleteSubif, DeleteSubifReply>(new DeleteSubif { SwIfIndex = sub }, ct));
            }

            await ReleaseParentAsync(trunked.Parent, context, connection.Id);
        }

        await next.CloseAsync(connection, context);
    }

    private async Task ApplyAsync(NsmContext context, Connection connection, CancellationToken cancellationToken)
    {
        var map = context.MetadataMap(isClient: false);
        if (map.TryLoad(TrunkedKey, out _) || KernelMechanism.ToMechanism(connection.Mechanism) is not { } kernel || string.IsNullOrEmpty(kernel.InterfaceName))
        {
            return;
        }

        var parent = await AcquireParentAsync(kernel.InterfaceName, cancellationToken);
        var trunked = new Trunked(kernel.InterfaceName);
        map.Store(TrunkedKey, trunked);
        var swIfIndex = parent;
        if (kernel.VlanId != 0)
        {
            var sub = await _vpp.RequestAsync<CreateVlanSubif, CreateVlanSubifReply>(new CreateVlanSubif { SwIfIndex = parent, VlanId = kernel.VlanId }, cancellationToken);
            trunked.SubInterface = sub.SwIfIndex;
            swIfIndex = sub.SwIfIndex;
        }

        VppInterfaces.Store(context, isClient: false, swIfIndex);
    }

    private async Task<uint> AcquireParentAsync(string name, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            if (_parents.TryGetValue(name, out var existing))
            {
                _parents[name] = (existing.SwIfIndex, existing.Users + 1);
                return existing.SwIfIndex;
            }

            var created = await AfPacket.AfPacketCore.CreateAsync(_vpp, name, null, 10240, cancellationToken);
            try
            {
                await _vpp.RequestAsync<SwInterfaceSetFlags, SwInterfaceSetFlagsReply>(
                    new SwInterfaceSetFlags { SwIfIndex = created, Flags = IfStatusFlags.AdminUp }, cancellationToken);
            }
            catch
            {
                await VppCall.UndoAsync(_logger, "af_packet_delete", () =>
                    VppCall.RequestAsync<AfPacketDelete, AfPacketDeleteReply>(_vpp, new AfPacketDelete { HostIfName = name }, CancellationToken.None));
                throw;
            }

            _parents[name] = (created, 1);
            return created;
        }
        finally
        {
            _lock.Release();
        }
    }

    private async Task ReleaseParentAsync(string name, NsmContext context, string connectionId)
    {
        await _lock.WaitAsync(CancellationToken.None);
        try
        {
            if (!_parents.TryGetValue(name, out var existing))
            {
                return;
            }

            if (existing.Users > 1)
            {
                _parents[name] = (existing.SwIfIndex, existing.Users - 1);
                return;
            }

            _parents.Remove(name);
            await VppElement.CleanUpAsync(context, Element, connectionId, ct =>
                _vpp.RequestAsync<AfPacketDelete, AfPacketDeleteReply>(new AfPacketDelete { HostIfName = name }, ct));
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>What the element made for a connection.</summary>
    private sealed class Trunked(string parent)
    {
        public string Parent { get; } = parent;

        public uint? SubInterface { get; set; }
    }
}
