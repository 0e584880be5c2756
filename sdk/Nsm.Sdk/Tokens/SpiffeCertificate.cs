using System.Diagnostics.CodeAnalysis;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Nsm.Sdk.Tokens;

/// <summary>X.509-SVID helpers: reading the SPIFFE ID from a certificate and minting self-signed SVID-shaped certificates.</summary>
public static class SpiffeCertificate
{
    private const string SubjectAlternativeNameOid = "2.5.29.17";
    private static readonly Asn1Tag UriTag = new(TagClass.ContextSpecific, 6);

    /// <summary>Reads the SPIFFE ID from the URI subject alternative name of a certificate.</summary>
    /// <param name="certificate">The certificate, typically a TLS peer's leaf certificate.</param>
    /// <param name="id">The ID when the method returns <see langword="true"/>.</param>
    /// <returns><see langword="true"/> when the certificate has exactly one URI SAN and it is a valid SPIFFE ID.</returns>
    public static bool TryGetSpiffeId(X509Certificate2 certificate, [NotNullWhen(true)] out SpiffeId? id)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        id = null;
        var extension = certificate.Extensions[SubjectAlternativeNameOid];
        if (extension is null)
        {
            return false;
        }

        List<string> uris;
        try
        {
            uris = ReadUris(extension.RawData);
        }
        catch (AsnContentException)
        {
            return false;
        }

        return uris.Count == 1 && SpiffeId.TryParse(uris[0], out id);
    }

    /// <summary>Creates a self-signed X.509 certificate carrying <paramref name="id"/> as its only URI SAN.</summary>
    /// <param name="id">The SPIFFE ID.</param>
    /// <param name="key">The EC P-256 key pair; the returned certificate holds its private key.</param>
    /// <param name="notBefore">Start of validity.</param>
    /// <param name="notAfter">End of validity.</param>
    /// <returns>A certificate usable for TLS client and server authentication, with its private key.</returns>
    /// <remarks>Shaped like a SPIRE X.509-SVID (digital signature, client and server auth), but not chained to any CA.</remarks>
    public static X509Certificate2 CreateSelfSigned(SpiffeId id, ECDsa key, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(key);
        var request = new CertificateRequest("O=SPIFFE", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(UriSanExtension(id));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], critical: false));
        return request.CreateSelfSigned(notBefore, notAfter);
    }

    /// <summary>The subject alternative name extension with <paramref name="id"/> as its only URI.</summary>
    // Written by hand rather than with SubjectAlternativeNameBuilder.AddUri, which normalises through System.Uri.
    internal static X509Extension UriSanExtension(SpiffeId id)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteCharacterString(UniversalTagNumber.IA5String, id.ToString(), UriTag);
        }

        return new X509Extension(SubjectAlternativeNameOid, writer.Encode(), critical: false);
    }

    private static List<string> ReadUris(byte[] rawSan)
    {
        var uris = new List<string>();
        var reader = new AsnReader(rawSan, AsnEncodingRules.DER);
        var names = reader.ReadSequence();
        while (names.HasData)
        {
            if (names.PeekTag().HasSameClassAndValue(UriTag))
            {
                uris.Add(names.ReadCharacterString(UniversalTagNumber.IA5String, UriTag));
            }
            else
            {
                names.ReadEncodedValue();
            }
        }

        return uris;
    }
}
