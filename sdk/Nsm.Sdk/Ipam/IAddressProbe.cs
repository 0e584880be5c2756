namespace Nsm.Sdk.Ipam;

/// <summary>
/// Asks the network whether an address is in use before an IPAM hands it out: on a shared subnet with hosts outside
/// the mesh (an external network), an address the IPAM never gave out may still belong to somebody. The kernel
/// implementation sends RFC 5227 ARP probes (IPv4) or duplicate-address-detection neighbour solicitations (IPv6).
/// </summary>
public interface IAddressProbe
{
    /// <summary>Probes <paramref name="address"/>.</summary>
    /// <param name="address">The candidate address.</param>
    /// <param name="cancellationToken">Cancels the probe.</param>
    /// <returns>True when some host answered for the address (or probed for it too): it must not be handed out.</returns>
    ValueTask<bool> IsInUseAsync(IpAddr address, CancellationToken cancellationToken);
}
