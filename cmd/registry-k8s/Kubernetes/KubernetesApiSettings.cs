using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Nsm.Cmd.RegistryK8s.Kubernetes;

/// <summary>
/// Where the Kubernetes API is and how to reach it: in a pod, <c>https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT</c>
/// with the service account's token and CA (<see cref="ServiceAccountDirectory"/>); or an explicit server URL, such as
/// <c>kubectl proxy</c>'s <c>http://127.0.0.1:8001</c> (no token unless <see cref="TokenFile"/> is set).
/// </summary>
/// <param name="Server">The API server's base URL.</param>
/// <param name="Namespace">The namespace of the custom resources.</param>
internal sealed record KubernetesApiSettings(Uri Server, string Namespace)
{
    /// <summary>The custom resources' group.</summary>
    public const string Group = "networkservicemesh.io";

    /// <summary>The custom resources' version.</summary>
    public const string Version = "v1";

    /// <summary>Where Kubernetes mounts a pod's service account (token, ca.crt, namespace).</summary>
    public const string ServiceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount";

    /// <summary>Gets the bearer token's file, read at every call (projected tokens rotate); none when <see langword="null"/>.</summary>
    public string? TokenFile { get; init; }

    /// <summary>Gets the PEM file of the CA that signs the API server's certificate; the system's roots when <see langword="null"/>.</summary>
    public string? CaFile { get; init; }

    /// <summary>Reads the settings of a pod (in-cluster).</summary>
    /// <param name="variable">Reads an environment variable.</param>
    /// <param name="namespaceOverride">The namespace; the service account's when <see langword="null"/>, else <c>default</c>.</param>
    /// <returns>The settings, or <see langword="null"/> when not in a pod (no KUBERNETES_SERVICE_HOST).</returns>
    public static KubernetesApiSettings? InCluster(Func<string, string?> variable, string? namespaceOverride)
    {
        ArgumentNullException.ThrowIfNull(variable);
        var host = variable("KUBERNETES_SERVICE_HOST");
        var port = variable("KUBERNETES_SERVICE_PORT");
        if (string.IsNullOrEmpty(host))
        {
            return null;
        }

        var hostPart = host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host;
        return new KubernetesApiSettings(new Uri($"https://{hostPart}:{(string.IsNullOrEmpty(port) ? "443" : port)}"), namespaceOverride ?? ServiceAccountNamespace() ?? "default")
        {
            TokenFile = Path.Combine(ServiceAccountDirectory, "token"),
            CaFile = Path.Combine(ServiceAccountDirectory, "ca.crt"),
        };
    }

    /// <summary>The namespace of the pod's service account, or <see langword="null"/>.</summary>
    /// <returns>The namespace.</returns>
    public static string? ServiceAccountNamespace()
    {
        var file = Path.Combine(ServiceAccountDirectory, "namespace");
        return File.Exists(file) ? File.ReadAllText(file).Trim() : null;
    }

    /// <summary>Reads the bearer token.</summary>
    /// <returns>The token, or <see langword="null"/>.</returns>
    public string? ReadToken() => TokenFile is { } file && File.Exists(file) ? File.ReadAllText(file).Trim() : null;

    /// <summary>Creates the HTTP client of the API: HTTPS trusting <see cref="CaFile"/> when set, no overall timeout (watches are long).</summary>
    /// <returns>The client; the caller disposes it.</returns>
    public HttpClient CreateHttpClient()
    {
        var handler = new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1) };
        if (CaFile is { } caFile && File.Exists(caFile))
        {
            var roots = new X509Certificate2Collection();
            roots.ImportFromPemFile(caFile);
            handler.SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                    errors == SslPolicyErrors.None ||
                    (errors == SslPolicyErrors.RemoteCertificateChainErrors && certificate is not null && ChainsTo(certificate, roots)),
            };
        }

        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    private static bool ChainsTo(X509Certificate certificate, X509Certificate2Collection roots)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(leaf);
    }
}
