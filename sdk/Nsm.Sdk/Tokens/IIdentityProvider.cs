namespace Nsm.Sdk.Tokens;

/// <summary>Supplies the current identity of this component (e.g. a static one, or SPIRE's rotating X.509-SVID).</summary>
/// <remarks>
/// Called on every token generation, so it must be cheap and thread-safe. The returned identity stays owned by the
/// provider; callers must not dispose it.
/// </remarks>
public interface IIdentityProvider
{
    /// <summary>Returns the identity to sign with now.</summary>
    /// <returns>The current identity.</returns>
    NsmIdentity GetIdentity();

    /// <summary>
    /// Returns the identity whose certificate this side presented on a connection, when the provider still holds it
    /// (a rotating provider keeps the previous one), else the current identity.
    /// </summary>
    /// <param name="presented">The certificate presented on the connection, or <see langword="null"/>.</param>
    /// <returns>The identity to sign with for that connection.</returns>
    NsmIdentity GetIdentity(System.Security.Cryptography.X509Certificates.X509Certificate2? presented) => GetIdentity();
}
