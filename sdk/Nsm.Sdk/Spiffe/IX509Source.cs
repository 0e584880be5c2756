using Nsm.Sdk.Tokens;

namespace Nsm.Sdk.Spiffe;

/// <summary>
/// Where a workload's current X.509-SVID and trust bundles come from (go-spiffe's <c>X509Source</c>): the Workload API,
/// or a fixed set in tests. Also the <see cref="IIdentityProvider"/> of the token generator: tokens are signed with the
/// SVID's key.
/// </summary>
/// <remarks>
/// Reads are cheap and thread-safe; TLS reads them on every handshake, so a rotation applies to the next connection.
/// The objects handed out stay valid for at least one more rotation.
/// </remarks>
public interface IX509Source : IIdentityProvider
{
    /// <summary>Raised after the SVID or the bundles changed.</summary>
    event EventHandler? Updated;

    /// <summary>Gets the current SVID.</summary>
    X509Svid Svid { get; }

    /// <summary>Gets the current trust bundles.</summary>
    X509BundleSet Bundles { get; }
}
