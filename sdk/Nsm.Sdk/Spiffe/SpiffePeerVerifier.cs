using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography.X509Certificates;
using Nsm.Sdk.Tokens;

namespace Nsm.Sdk.Spiffe;

/// <summary>
/// Verifies a TLS peer's X.509-SVID as go-spiffe's <c>x509svid.Verify</c>: one SPIFFE ID URI SAN, a chain to the bundle
/// of that ID's trust domain, every certificate valid at the time of the given clock (so fake-clock tests run with TLS),
/// then the authorizer.
/// </summary>
public static class SpiffePeerVerifier
{
    /// <summary>Verifies a peer certificate.</summary>
    /// <param name="leaf">The peer's leaf certificate.</param>
    /// <param name="intermediates">Other certificates the peer presented, or <see langword="null"/>.</param>
    /// <param name="bundles">The trusted bundles.</param>
    /// <param name="now">The verification time.</param>
    /// <param name="authorizer">Which IDs are allowed.</param>
    /// <param name="id">The peer's SPIFFE ID when the method returns <see langword="true"/>.</param>
    /// <param name="error">Why the peer is refused when the method returns <see langword="false"/>.</param>
    /// <returns><see langword="true"/> when the peer is verified and allowed.</returns>
    public static bool TryVerify(
        X509Certificate2 leaf,
        X509Certificate2Collection? intermediates,
        X509BundleSet bundles,
        DateTimeOffset now,
        SpiffeAuthorizer authorizer,
        [NotNullWhen(true)] out SpiffeId? id,
        [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(leaf);
        ArgumentNullException.ThrowIfNull(bundles);
        ArgumentNullException.ThrowIfNull(authorizer);
        id = null;
        if (!SpiffeCertificate.TryGetSpiffeId(leaf, out var peerId))
        {
            error = "the peer certificate has no single SPIFFE ID URI SAN";
            return false;
        }

        if (!bundles.TryGetBundle(peerId.TrustDomain, out var roots) || roots.Count == 0)
        {
            error = $"no trust bundle for the peer's trust domain {peerId.TrustDomain}";
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        if (intermediates is not null)
        {
            foreach (var certificate in intermediates)
            {
                if (!certificate.RawDataMemory.Span.SequenceEqual(leaf.RawDataMemory.Span))
                {
                    chain.ChainPolicy.ExtraStore.Add(certificate);
                }
            }
        }

        if (!chain.Build(leaf))
        {
            error = $"the peer certificate of {peerId} does not verify at {now:O}: "
                + string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Distinct());
            return false;
        }

        if (!authorizer.Allows(peerId))
        {
            error = $"the peer {peerId} is not {authorizer.Description}";
            return false;
        }

        id = peerId;
        error = null;
        return true;
    }
}
