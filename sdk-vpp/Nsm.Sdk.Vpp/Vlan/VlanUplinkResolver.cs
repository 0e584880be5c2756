namespace Nsm.Sdk.Vpp.Vlan;

/// <summary>
/// Finds the VPP interface of the uplink a VLAN connection leaves through, from the connection's <c>via</c> label
/// (upstream's device selector file maps <c>via</c> to a host device; the forwarder knows that device's VPP
/// <c>sw_if_index</c> from attaching it).
/// </summary>
/// <param name="via">The connection's <c>via</c> label (empty when it has none).</param>
/// <param name="cancellationToken">Stops the look-up.</param>
/// <returns>The uplink's <c>sw_if_index</c>, or <see langword="null"/> when there is none for it.</returns>
public delegate ValueTask<uint?> VlanUplinkResolver(string via, CancellationToken cancellationToken);
