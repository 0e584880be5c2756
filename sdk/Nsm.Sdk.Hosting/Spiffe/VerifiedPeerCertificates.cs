using System.Security.Cryptography.X509Certificates;
using Nsm.Sdk.Tokens;

namespace Nsm.Sdk.Hosting.Spiffe;

/// <summary>
/// The peer certificates this side verified in TLS handshakes, a few per SPIFFE ID until they expire. A peer that
/// rotated its SVID may sign a token with its new key and send it on a connection opened with its old certificate, or
/// the other way round: the signature policies accept any certificate of the same identity verified here.
/// </summary>
internal sealed class VerifiedPeerCertificates(TimeProvider clock)
{
    private const int PerIdentity = 16; // replicas of one workload share an identity (and every program of a JIT soak is "dotnet")
    private readonly Dictionary<string, List<X509Certificate2>> _byId = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Remembers a certificate a handshake verified (a copy: the handshake's own is disposed with its connection).</summary>
    /// <param name="certificate">The peer's leaf.</param>
    public void Record(X509Certificate2 certificate)
    {
        if (!SpiffeCertificate.TryGetSpiffeId(certificate, out var id))
        {
            return;
        }

        var now = clock.GetUtcNow();
        lock (_lock)
        {
            if (!_byId.TryGetValue(id.ToString(), out var list))
            {
                _byId[id.ToString()] = list = [];
            }

            if (list.Count > 0 && list[0].RawDataMemory.Span.SequenceEqual(certificate.RawDataMemory.Span))
            {
                return; // the newest already
            }

            list.RemoveAll(c => c.NotAfter.ToUniversalTime() <= now.UtcDateTime || c.RawDataMemory.Span.SequenceEqual(certificate.RawDataMemory.Span));
            list.Insert(0, X509CertificateLoader.LoadCertificate(certificate.RawDataMemory.Span));
            if (list.Count > PerIdentity)
            {
                list.RemoveRange(PerIdentity, list.Count - PerIdentity);
            }
        }
    }

    /// <summary>Gets the other unexpired certificates verified for the identity of <paramref name="certificate"/>.</summary>
    /// <param name="certificate">A peer's certificate.</param>
    /// <returns>The others, newest first.</returns>
    public IReadOnlyList<X509Certificate2> SameIdentity(X509Certificate2 certificate)
    {
        if (!SpiffeCertificate.TryGetSpiffeId(certificate, out var id))
        {
            return [];
        }

        var now = clock.GetUtcNow().UtcDateTime;
        lock (_lock)
        {
            return _byId.TryGetValue(id.ToString(), out var list)
                ? [.. list.Where(c => c.NotAfter.ToUniversalTime() > now && !c.RawDataMemory.Span.SequenceEqual(certificate.RawDataMemory.Span))]
                : [];
        }
    }
}
