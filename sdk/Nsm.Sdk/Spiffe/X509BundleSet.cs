using System.Security.Cryptography.X509Certificates;

namespace Nsm.Sdk.Spiffe;

/// <summary>The X.509 trust bundles a workload trusts, keyed by trust domain name (e.g. <c>example.org</c>).</summary>
/// <remarks>Owns its certificates.</remarks>
public sealed class X509BundleSet : IDisposable
{
    private readonly Dictionary<string, X509Certificate2Collection> _bundles;

    /// <summary>Initializes a new set.</summary>
    /// <param name="bundles">The CA certificates of each trust domain; ownership passes to the set.</param>
    public X509BundleSet(IReadOnlyDictionary<string, X509Certificate2Collection> bundles)
    {
        ArgumentNullException.ThrowIfNull(bundles);
        _bundles = bundles.ToDictionary(b => b.Key, b => b.Value, StringComparer.Ordinal);
    }

    /// <summary>Gets the trust domains the set has a bundle for.</summary>
    public IReadOnlyCollection<string> TrustDomains => _bundles.Keys;

    /// <summary>Gets the CA certificates of a trust domain.</summary>
    /// <param name="trustDomain">The trust domain name.</param>
    /// <param name="certificates">The certificates when the method returns <see langword="true"/>.</param>
    /// <returns><see langword="true"/> when the set has a bundle for <paramref name="trustDomain"/>.</returns>
    public bool TryGetBundle(string trustDomain, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out X509Certificate2Collection? certificates) =>
        _bundles.TryGetValue(trustDomain, out certificates);

    /// <summary>Reads a trust domain name from a Workload API bundle key (<c>spiffe://example.org</c> or <c>example.org</c>).</summary>
    /// <param name="key">The key.</param>
    /// <returns>The trust domain name.</returns>
    public static string TrustDomainOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.StartsWith("spiffe://", StringComparison.Ordinal) ? key["spiffe://".Length..].TrimEnd('/') : key;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var certificate in _bundles.Values.SelectMany(c => c))
        {
            certificate.Dispose();
        }
    }
}
