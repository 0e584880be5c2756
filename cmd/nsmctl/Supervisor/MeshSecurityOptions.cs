using Nsm.Cmd.Nsmctl.Manifests;
using Nsm.Sdk.Tokens;

namespace Nsm.Cmd.Nsmctl.Supervisor;

/// <summary>
/// How the mesh's programs are secured: by default the supervisor runs a SPIFFE Workload API (its own CA) that gives
/// every pod <c>spiffe://&lt;trust-domain&gt;/ns/&lt;ns&gt;/pod/&lt;name&gt;</c> and every container
/// <c>SPIFFE_ENDPOINT_SOCKET</c>; <c>up --insecure</c> runs none and gives every container <c>NSM_INSECURE=true</c>.
/// </summary>
internal sealed record MeshSecurityOptions
{
    /// <summary>The default trust domain (the SDK's development one; upstream's SPIRE setup uses <c>k8s.nsm</c>).</summary>
    public const string DefaultTrustDomain = "nsm.local";

    public static MeshSecurityOptions Secure { get; } = new();

    /// <summary>Gets a value indicating whether the mesh runs plaintext (<c>up --insecure</c>).</summary>
    public bool Insecure { get; private init; }

    public string TrustDomain { get; private init; } = DefaultTrustDomain;

    /// <summary>Validates and builds the options.</summary>
    public static MeshSecurityOptions Create(bool insecure, string? trustDomain)
    {
        if (insecure)
        {
            return trustDomain is { Length: > 0 }
                ? throw new ManifestException("error: --trust-domain names the identities of a secure mesh; it has no use with --insecure")
                : new MeshSecurityOptions { Insecure = true };
        }

        var domain = trustDomain is { Length: > 0 } ? trustDomain : DefaultTrustDomain;
        if (!SpiffeId.TryParse("spiffe://" + domain, out var id) || id.Path.Length != 0)
        {
            throw new ManifestException($"error: --trust-domain {domain}: not a trust domain name (lower-case letters, digits, '.', '-', '_'; e.g. {DefaultTrustDomain})");
        }

        return new MeshSecurityOptions { TrustDomain = domain };
    }

    /// <summary>The supervise arguments that carry these options.</summary>
    public IEnumerable<string> Arguments() =>
        Insecure ? ["--insecure"] : TrustDomain == DefaultTrustDomain ? [] : ["--trust-domain", TrustDomain];

    /// <summary>What <c>ping</c> reports and <c>up</c> prints: <c>insecure</c> or the trust domain.</summary>
    public override string ToString() => Insecure ? "insecure" : "spiffe://" + TrustDomain;
}
