namespace Nsm.Sdk.Ipam;

/// <summary>The outcome of an allocator's <c>Allocate</c> call.</summary>
/// <param name="Lease">What the connection now holds; write these addresses and routes into the IPContext.</param>
/// <param name="IsNew">
/// True when this call took addresses from the pool (new or re-allocated connection). If the rest of the chain then fails,
/// call <c>Release(connectionId)</c> to give them back; a refresh (false) must not be released on failure.
/// </param>
/// <param name="Replaced">
/// The lease this call dropped (its addresses became excluded), or null. Remove its addresses and routes from the IPContext
/// so the connection ends up with the new addresses instead of both.
/// </param>
public sealed record IpamAllocation(IpamLease Lease, bool IsNew, IpamLease? Replaced);
