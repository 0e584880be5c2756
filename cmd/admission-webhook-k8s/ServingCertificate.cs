using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Nsm.Cmd.AdmissionWebhookK8s;

/// <summary>
/// The certificate the webhook serves and the CA bundle the API server is told to trust (the MutatingWebhookConfiguration's
/// <c>caBundle</c>): a self-signed one made at start, as upstream's selfregister mode, or one from files.
/// </summary>
internal sealed class ServingCertificate : IDisposable
{
    private ServingCertificate(X509Certificate2 certificate, string caBundlePem)
    {
        Certificate = certificate;
        CaBundlePem = caBundlePem;
    }

    /// <summary>Gets the certificate with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>Gets the PEM CA bundle that verifies <see cref="Certificate"/>.</summary>
    public string CaBundlePem { get; }

    /// <summary>
    /// A self-signed CA certificate (ECDSA P-256, one year) for the Service's DNS names
    /// (<c>svc.ns</c>, <c>svc.ns.svc</c>, <c>svc.ns.svc.cluster.local</c>): it is its own CA bundle.
    /// </summary>
    public static ServingCertificate SelfSigned(string serviceName, string serviceNamespace, TimeProvider clock)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN=networkservicemesh.{serviceName}-ca", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyCertSign, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var names = new SubjectAlternativeNameBuilder();
        foreach (var name in DnsNames(serviceName, serviceNamespace))
        {
            names.AddDnsName(name);
        }

        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        var now = clock.GetUtcNow();
        var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(1));
        return new ServingCertificate(certificate, certificate.ExportCertificatePem() + "\n");
    }

    /// <summary>The certificate and key of PEM files; the CA bundle from its own file, or the certificate file itself.</summary>
    public static ServingCertificate FromFiles(string certFile, string keyFile, string? caBundleFile)
    {
        var certificate = X509Certificate2.CreateFromPemFile(certFile, keyFile);
        var bundle = File.ReadAllText(caBundleFile ?? certFile, Encoding.UTF8);
        return new ServingCertificate(certificate, bundle);
    }

    /// <summary>Gets the names the API server uses to reach the Service.</summary>
    public static IReadOnlyList<string> DnsNames(string serviceName, string serviceNamespace) =>
        [$"{serviceName}.{serviceNamespace}", $"{serviceName}.{serviceNamespace}.svc", $"{serviceName}.{serviceNamespace}.svc.cluster.local"];

    public void Dispose() => Certificate.Dispose();
}
