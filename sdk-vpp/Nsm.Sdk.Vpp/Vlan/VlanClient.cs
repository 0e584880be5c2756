using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Core;
using Nsm.Sdk.Vpp.Common;
using Nsm.Vpp;

namespace Nsm.Sdk.Vpp.Vlan;

/// <summary>
/// The forwarder's side towards a remote VLAN (upstream's vlan + l2vtr clients): it offers a <c>REMOTE</c>/<c>VLAN</c>
/// preference, and when the next hop answers with <c>VLAN</c>, the connection leaves through the uplink its <c>via</c>
/// label names: VLAN 0 uses the uplink itself; another VLAN uses a dot1q sub-interface of it (made on first use, with
/// the tag popped on ingress and pushed on egress, and shared by the connections on the same VLAN). The interface is the
/// client side's <see cref="VppInterfaces"/>; the last Close on a VLAN deletes its sub-interface.
/// </summary>
public sealed class VlanClient : INetworkServiceClient
{
    /// <summary>The connection label naming the uplink (upstream's <c>via</c>).</summary>
    public const string ViaLabel = "via";

    private static readonly NsmContextKey<(uint Parent, ushort Vlan)> UsedKey = new("vpp.vlan.client");

    private readonly IVppApi _vpp;
    private readonly VlanUplinkResolver _uplinks;
    private readonly ILogger _logger;
    private readonly VlanSubInterfaces _subInterfaces = new();

    /// <summary>Initializes the element.</summary>
    /// <param name="vpp">VPP.</param>
    /// <param name="uplinks">Finds the uplink of a <c>via</c> label.</param>
    /// <param name="logger">Logs clean-up failures.</param>
    public VlanClient(IVppApi vpp, VlanUplinkResolver uplinks, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(vpp);
        ArgumentNullException.ThrowIfNull(uplinks);
        _vpp = vpp;
        _uplinks = uplinks;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <inheritdoc/>
    public async ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (!request.MechanismPreferences.Any(m => VlanMechanism.ToMechanism(m) is not null))
        {
            request.MechanismPreferences.Add(VlanMechanism.New());
        }

        var connection = await next.RequestAsync(request, context);
        if (VlanMechanism.ToMechanism(connection.Mechanism) is not { } vlan)
        {
            return connection;
        }

        var metadata = context.MetadataMap(isClient: true);
        var first = !metadata.TryLoad(UsedKey, out var used);
        try
        {
            var via = connection.Labels.TryGetValue(ViaLabel, out var v) ? v : string.Empty;
            var parent = await _uplinks(via, context.CancellationToken)
                ?? throw new NsmStatusException(StatusCode.NotFound, $"no uplink for VLAN connections via '{via}'");
            if (!first && used == (parent, vlan.VlanId))
            {
                return connection;
            }

            if (!first)
            {
                await ReleaseAsync(context);
            }

            var swIfIndex = vlan.VlanId == 0 ? parent : await _subInterfaces.AcquireAsync(_vpp, parent, vlan.VlanId, _logger, context.CancellationToken);
            metadata.Store(UsedKey, (parent, vlan.VlanId));
            VppInterfaces.Store(context, isClient: true, swIfIndex);
        }
        catch (NsmStatusException) when (first)
        {
            await DownstreamRollback.CloseAsync(connection, context, next, _logger);
            throw;
        }

        return connection;
    }

    /// <inheritdoc/>
    public async ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(next);
        await ReleaseAsync(context);
        await next.CloseAsync(connection, context);
    }

    private async Task ReleaseAsync(NsmContext context)
    {
        if (!context.MetadataMap(isClient: true).TryLoadAndDelete(UsedKey, out var used))
        {
            return;
        }

        VppInterfaces.TryLoadAndDelete(context, isClient: true, out _);
        if (used.Vlan != 0)
        {
            await _subInterfaces.ReleaseAsync(_vpp, used.Parent, used.Vlan, _logger);
        }
    }
}
