using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Nsm.Sdk.Tokens;

namespace Nsm.Sdk.Spiffe;

/// <summary>
/// A development certificate authority for one trust domain: a self-signed EC P-256 root (URI SAN
/// <c>spiffe://&lt;trust-domain&gt;</c>, as SPIRE's) that issues X.509-SVIDs shaped like SPIRE's (EC P-256, one URI SAN,
/// digital signature and key agreement, client and server auth).
/// </summary>
/// <remarks>Not for production: the CA key lives in memory and nothing revokes. Thread-safe.</remarks>
public sealed class DevCertificateAuthority : IDisposable
{
    private static readonly TimeSpan Backdate = TimeSpan.FromSeconds(10);
    private readonly ECDsa _key;
    private readonly TimeProvider _clock;

    /// <summary>Creates a CA with a fresh key.</summary>
    /// <param name="trustDomain">The trust domain, e.g. <c>nsm.local</c>.</param>
    /// <param name="clock">The clock that dates the certificates.</param>
    /// <param name="lifetime">The CA certificate's lifetime; the default is one year.</param>
    public DevCertificateAuthority(string trustDomain, TimeProvider clock, TimeSpan? lifetime = null)
    {
        ArgumentNullException.ThrowIfNull(clock);
        TrustDomain = SpiffeId.Parse("spiffe://" + trustDomain);
        if (TrustDomain.Path.Length != 0)
        {
            throw new ArgumentException($"'{trustDomain}' is not a trust domain name", nameof(trustDomain));
        }

        _clock = clock;
        _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var now = clock.GetUtcNow();
        var request = new CertificateRequest(new X500DistinguishedName("C=US, O=SPIFFE, CN=nsm development CA"), _key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(SpiffeCertificate.UriSanExtension(TrustDomain));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        Certificate = request.CreateSelfSigned(now - Backdate, now + (lifetime ?? TimeSpan.FromDays(365)));
    }

    private DevCertificateAuthority(SpiffeId trustDomain, ECDsa key, X509Certificate2 certificate, TimeProvider clock)
    {
        TrustDomain = trustDomain;
        _key = key;
        Certificate = certificate;
        _clock = clock;
    }

    /// <summary>Loads a CA saved with <see cref="ExportPem"/> (several meshes of one machine sharing one trust domain).</summary>
    /// <param name="certificatePem">The root certificate.</param>
    /// <param name="keyPem">Its PKCS#8 private key.</param>
    /// <param name="clock">The clock that dates the certificates.</param>
    /// <returns>The CA.</returns>
    /// <exception cref="ArgumentException">The certificate is not a SPIFFE trust domain root with an EC key.</exception>
    public static DevCertificateAuthority LoadPem(string certificatePem, string keyPem, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        // The certificate keeps its private key: issuing signs with it (CertificateRequest.Create).
        var pair = X509Certificate2.CreateFromPem(certificatePem, keyPem);
        if (!SpiffeCertificate.TryGetSpiffeId(pair, out var id) || id.Path.Length != 0)
        {
            pair.Dispose();
            throw new ArgumentException("the certificate is not a SPIFFE trust domain root", nameof(certificatePem));
        }

        var key = pair.GetECDsaPrivateKey();
        if (key is null)
        {
            pair.Dispose();
            throw new ArgumentException("the key is not an EC key", nameof(keyPem));
        }

        return new DevCertificateAuthority(id, key, pair, clock);
    }

    /// <summary>Exports the root certificate and its private key (PKCS#8) as PEM, for <see cref="LoadPem"/>.</summary>
    /// <returns>The certificate and the key.</returns>
    public (string CertificatePem, string KeyPem) ExportPem() => (Certificate.ExportCertificatePem(), _key.ExportPkcs8PrivateKeyPem());

    /// <summary>Gets the trust domain as an ID (<c>spiffe://&lt;trust-domain&gt;</c>).</summary>
    public SpiffeId TrustDomain { get; }

    /// <summary>Gets the root certificate, the trust domain's bundle (with the private key: do not hand it out as is).</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>Issues an X.509-SVID with a fresh key.</summary>
    /// <param name="id">The SPIFFE ID; must be in this CA's trust domain.</param>
    /// <param name="lifetime">How long it is valid from now (it is backdated 10 seconds, as SPIRE does).</param>
    /// <returns>The SVID; the caller owns it.</returns>
    public X509Svid Issue(SpiffeId id, TimeSpan lifetime)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime, TimeSpan.Zero);
        if (id.TrustDomain != TrustDomain.TrustDomain)
        {
            throw new ArgumentException($"{id} is not in the trust domain {TrustDomain.TrustDomain}", nameof(id));
        }

        var now = _clock.GetUtcNow();
        var notAfter = now + lifetime;
        var caNotAfter = new DateTimeOffset(Certificate.NotAfter.ToUniversalTime());
        if (notAfter > caNotAfter)
        {
            notAfter = caNotAfter;
        }

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName("C=US, O=SPIFFE"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.KeyAgreement, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], critical: false));
        request.CertificateExtensions.Add(SpiffeCertificate.UriSanExtension(id));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var issued = request.Create(Certificate, now - Backdate, notAfter, serial);
        return new X509Svid(NsmIdentity.FromCertificate(issued.CopyWithPrivateKey(key)));
    }

    /// <summary>Gets a copy of the root certificate without its private key, for a bundle.</summary>
    /// <returns>The certificate; the caller owns it.</returns>
    public X509Certificate2 GetBundleCertificate() => X509CertificateLoader.LoadCertificate(Certificate.RawData);

    /// <summary>Creates a bundle set with this CA's root as the bundle of its trust domain.</summary>
    /// <returns>The set; the caller owns it.</returns>
    public X509BundleSet CreateBundleSet() =>
        new(new Dictionary<string, X509Certificate2Collection> { [TrustDomain.TrustDomain] = [GetBundleCertificate()] });

    /// <inheritdoc />
    public void Dispose()
    {
        Certificate.Dispose();
        _key.Dispose();
    }
}
