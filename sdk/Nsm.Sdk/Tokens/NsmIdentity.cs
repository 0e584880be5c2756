using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Nsm.Sdk.Tokens;

/// <summary>A component's identity: its SPIFFE ID, its EC P-256 signing key and, optionally, its X.509-SVID.</summary>
/// <remarks>
/// The identity owns <see cref="Key"/> and <see cref="Certificate"/> and disposes them. Tokens are signed with
/// <see cref="Key"/>; a peer verifies them with the public key of <see cref="Certificate"/> (the TLS certificate this
/// component presents), so both must be the same key pair.
/// </remarks>
public sealed class NsmIdentity : IDisposable
{
    /// <summary>Initializes a new identity from its parts.</summary>
    /// <param name="id">The SPIFFE ID.</param>
    /// <param name="key">The EC P-256 private key; ownership passes to the identity.</param>
    /// <param name="certificate">The X.509-SVID for <paramref name="key"/>, if any; ownership passes to the identity.</param>
    /// <exception cref="ArgumentException"><paramref name="key"/> is not P-256.</exception>
    public NsmIdentity(SpiffeId id, ECDsa key, X509Certificate2? certificate = null)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(key);
        if (key.KeySize != 256)
        {
            throw new ArgumentException("An NSM identity key must be EC P-256.", nameof(key));
        }

        Id = id;
        Key = key;
        Certificate = certificate;
    }

    /// <summary>Gets the SPIFFE ID, used as the <c>sub</c> of every token this identity mints.</summary>
    public SpiffeId Id { get; }

    /// <summary>Gets the EC P-256 private key that signs tokens.</summary>
    public ECDsa Key { get; }

    /// <summary>Gets the X.509-SVID, or <see langword="null"/> for a key-only identity.</summary>
    public X509Certificate2? Certificate { get; }

    /// <summary>Gets the end of the certificate's validity, or <see langword="null"/> without a certificate.</summary>
    /// <remarks>Token lifetimes are capped by this value.</remarks>
    public DateTimeOffset? NotAfter => Certificate is null ? null : new DateTimeOffset(Certificate.NotAfter.ToUniversalTime());

    /// <summary>Creates an identity with a fresh P-256 key and a self-signed certificate.</summary>
    /// <param name="id">The SPIFFE ID.</param>
    /// <param name="timeProvider">The clock that dates the certificate.</param>
    /// <param name="lifetime">The certificate lifetime.</param>
    /// <returns>The identity; valid from one minute ago (clock skew) until now + <paramref name="lifetime"/>.</returns>
    public static NsmIdentity CreateSelfSigned(SpiffeId id, TimeProvider timeProvider, TimeSpan lifetime)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime, TimeSpan.Zero);
        var now = timeProvider.GetUtcNow();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var certificate = SpiffeCertificate.CreateSelfSigned(id, key, now.AddMinutes(-1), now + lifetime);
        return FromCertificate(certificate);
    }

    /// <summary>Creates an identity from an X.509-SVID that has an EC P-256 private key.</summary>
    /// <param name="certificate">The certificate; ownership passes to the identity.</param>
    /// <returns>The identity.</returns>
    /// <exception cref="ArgumentException">The certificate has no SPIFFE ID or no EC P-256 private key.</exception>
    public static NsmIdentity FromCertificate(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (!SpiffeCertificate.TryGetSpiffeId(certificate, out var id))
        {
            throw new ArgumentException("The certificate has no single SPIFFE ID URI SAN.", nameof(certificate));
        }

        var key = certificate.GetECDsaPrivateKey()
            ?? throw new ArgumentException("The certificate has no EC private key.", nameof(certificate));
        try
        {
            return new NsmIdentity(id, key, certificate);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Key.Dispose();
        Certificate?.Dispose();
    }
}
