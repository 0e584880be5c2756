using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Nsm.Sdk.Tokens;

namespace Nsm.Sdk.Spiffe;

/// <summary>An X.509-SVID: the leaf certificate with its private key (as an <see cref="NsmIdentity"/>) and the intermediates.</summary>
/// <remarks>Owns its certificates and key; the source that hands it out disposes it once it is two rotations old.</remarks>
public sealed class X509Svid : IDisposable
{
    private System.Net.Security.SslStreamCertificateContext? _context;

    /// <summary>Initializes a new SVID.</summary>
    /// <param name="identity">The leaf certificate, its key and its SPIFFE ID; ownership passes to the SVID.</param>
    /// <param name="intermediates">Certificates between the leaf and the trust bundle, leaf-first order; ownership passes to the SVID.</param>
    /// <param name="hint">The operator's hint, empty when none.</param>
    public X509Svid(NsmIdentity identity, X509Certificate2Collection? intermediates = null, string hint = "")
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(hint);
        if (identity.Certificate is null)
        {
            throw new ArgumentException("An X.509-SVID needs a certificate.", nameof(identity));
        }

        Identity = identity;
        Intermediates = intermediates ?? [];
        Hint = hint;
    }

    /// <summary>Gets the SVID's SPIFFE ID.</summary>
    public SpiffeId Id => Identity.Id;

    /// <summary>Gets the leaf certificate (with its private key), key and SPIFFE ID.</summary>
    public NsmIdentity Identity { get; }

    /// <summary>Gets the leaf certificate with its private key.</summary>
    public X509Certificate2 Certificate => Identity.Certificate!;

    /// <summary>Gets the intermediates (may be empty).</summary>
    public X509Certificate2Collection Intermediates { get; }

    /// <summary>Gets the operator's hint, empty when none.</summary>
    public string Hint { get; }

    /// <summary>Gets the start of the leaf's validity.</summary>
    public DateTimeOffset NotBefore => new(Certificate.NotBefore.ToUniversalTime());

    /// <summary>Gets the end of the leaf's validity.</summary>
    public DateTimeOffset NotAfter => new(Certificate.NotAfter.ToUniversalTime());

    /// <summary>Gets the certificate context TLS presents (leaf and intermediates), made once per SVID.</summary>
    /// <returns>The context.</returns>
    public System.Net.Security.SslStreamCertificateContext GetTlsContext() =>
        _context ??= System.Net.Security.SslStreamCertificateContext.Create(Certificate, Intermediates, offline: true);

    /// <summary>Parses an SVID from the Workload API's form.</summary>
    /// <param name="spiffeId">The SPIFFE ID the response names.</param>
    /// <param name="chainDer">The concatenated DER chain, leaf first.</param>
    /// <param name="pkcs8Key">The unencrypted PKCS#8 private key.</param>
    /// <param name="hint">The hint.</param>
    /// <returns>The SVID.</returns>
    /// <exception cref="FormatException">The chain, key or ID is malformed or they do not match.</exception>
    public static X509Svid Parse(string spiffeId, ReadOnlySpan<byte> chainDer, ReadOnlySpan<byte> pkcs8Key, string hint = "")
    {
        var chain = DerCertificates.Read(chainDer);
        if (chain.Count == 0)
        {
            throw new FormatException("the X.509-SVID has no certificate");
        }

        ECDsa? key = null;
        X509Certificate2? leaf = null;
        try
        {
            key = ECDsa.Create();
            key.ImportPkcs8PrivateKey(pkcs8Key, out _);
            leaf = chain[0].CopyWithPrivateKey(key);
            var identity = NsmIdentity.FromCertificate(leaf);
            if (identity.Id.ToString() != spiffeId)
            {
                identity.Dispose();
                leaf = null;
                throw new FormatException($"the X.509-SVID's certificate names {identity.Id}, the response {spiffeId}");
            }

            chain[0].Dispose();
            chain.RemoveAt(0);
            return new X509Svid(identity, chain, hint);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException or FormatException)
        {
            leaf?.Dispose();
            foreach (var certificate in chain)
            {
                certificate.Dispose();
            }

            if (e is FormatException)
            {
                throw;
            }

            throw new FormatException("malformed X.509-SVID: " + e.Message, e);
        }
        finally
        {
            key?.Dispose();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Identity.Dispose();
        foreach (var certificate in Intermediates)
        {
            certificate.Dispose();
        }
    }
}
