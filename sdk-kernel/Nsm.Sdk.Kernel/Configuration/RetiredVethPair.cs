namespace Nsm.Sdk.Kernel.Configuration;

/// <summary>
/// A veth pair taken out of use by <see cref="VethPairConfigurator.RetireAsync"/>: both ends are down and carry
/// temporary names, so the original names are free again; <see cref="VethPairConfigurator.DeleteRetiredAsync"/>
/// deletes it later.
/// </summary>
/// <param name="Original">The pair as it was created (its namespaces are still referenced).</param>
/// <param name="ClientName">The client end's temporary name, or null if that end was already gone.</param>
/// <param name="ForwarderName">The forwarder end's temporary name, or null if that end was already gone.</param>
public sealed record RetiredVethPair(VethPairConfig Original, string? ClientName, string? ForwarderName)
{
    /// <summary>Gets a value indicating whether anything is left to delete.</summary>
    public bool IsEmpty => ClientName is null && ForwarderName is null;
}
