using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;

namespace Nsm.Sdk.Spiffe;

/// <summary>Reads and writes concatenated ASN.1 DER certificates, the form of the Workload API's chains and bundles.</summary>
public static class DerCertificates
{
    /// <summary>Splits concatenated DER certificates.</summary>
    /// <param name="der">The bytes.</param>
    /// <returns>The certificates in order.</returns>
    /// <exception cref="FormatException">The bytes are not DER certificates.</exception>
    public static X509Certificate2Collection Read(ReadOnlySpan<byte> der)
    {
        var certificates = new X509Certificate2Collection();
        try
        {
            while (!der.IsEmpty)
            {
                AsnDecoder.ReadEncodedValue(der, AsnEncodingRules.DER, out _, out _, out var length);
                certificates.Add(X509CertificateLoader.LoadCertificate(der[..length]));
                der = der[length..];
            }
        }
        catch (Exception e) when (e is AsnContentException or System.Security.Cryptography.CryptographicException)
        {
            foreach (var certificate in certificates)
            {
                certificate.Dispose();
            }

            throw new FormatException("not a sequence of ASN.1 DER certificates: " + e.Message, e);
        }

        return certificates;
    }

    /// <summary>Concatenates the DER forms of certificates.</summary>
    /// <param name="certificates">The certificates.</param>
    /// <returns>The bytes.</returns>
    public static byte[] Write(IEnumerable<X509Certificate2> certificates)
    {
        ArgumentNullException.ThrowIfNull(certificates);
        return [.. certificates.SelectMany(c => c.RawData)];
    }
}
