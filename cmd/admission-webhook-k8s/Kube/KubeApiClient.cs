using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Nsm.Sdk.Hosting;

namespace Nsm.Cmd.AdmissionWebhookK8s.Kube;

/// <summary>
/// The Kubernetes API calls of the webhook over plain HTTP/JSON (source-generated, AOT-safe): a namespace's
/// annotations, and create / replace / delete of its MutatingWebhookConfiguration. Errors come back as
/// <see cref="KubeApiException"/> with the API's Status reason.
/// </summary>
internal sealed class KubeApiClient(HttpClient http, Func<CancellationToken, Task<string?>> token) : IDisposable
{
    private const string WebhookConfigurations = "apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations";
    private const string ServiceAccountDir = "/var/run/secrets/kubernetes.io/serviceaccount";

    /// <summary>
    /// The client of a pod: <c>https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT</c>, trusting the service
    /// account's <c>ca.crt</c>, with its <c>token</c> (read per call: the kubelet rotates it).
    /// </summary>
    public static KubeApiClient InCluster(NsmEnvironment env, string serviceAccountDir = ServiceAccountDir)
    {
        var host = env.GetString("KUBERNETES_SERVICE_HOST", "");
        var port = env.GetString("KUBERNETES_SERVICE_PORT", "443");
        if (host.Length == 0)
        {
            throw new NsmConfigurationException("KUBERNETES_SERVICE_HOST: not set: this program runs in a Kubernetes pod (with a service account)");
        }

        var caFile = Path.Combine(serviceAccountDir, "ca.crt");
        var tokenFile = Path.Combine(serviceAccountDir, "token");
        var trust = new X509Certificate2Collection();
        trust.ImportFromPemFile(caFile);
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, errors) => certificate is X509Certificate2 leaf && TrustedBy(leaf, trust, errors),
            },
        };
        var hostPart = IPAddress.TryParse(host, out var ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{host}]" : host;
        var client = new HttpClient(handler) { BaseAddress = new Uri($"https://{hostPart}:{port}/") };
        return new KubeApiClient(client, async ct => (await File.ReadAllTextAsync(tokenFile, ct)).Trim());
    }

    /// <summary>Gets a namespace's annotations (empty when it has none).</summary>
    public async Task<IReadOnlyDictionary<string, string>> GetNamespaceAnnotationsAsync(string name, CancellationToken cancellationToken)
    {
        var ns = await SendAsync(HttpMethod.Get, $"api/v1/namespaces/{Uri.EscapeDataString(name)}", null, KubeJsonContext.Default.KubeNamespace, cancellationToken);
        return ns?.Metadata?.Annotations ?? new Dictionary<string, string>();
    }

    /// <summary>Gets a MutatingWebhookConfiguration; null when there is none of that name.</summary>
    public async Task<MutatingWebhookConfiguration?> GetMutatingWebhookConfigurationAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            return await SendAsync(HttpMethod.Get, $"{WebhookConfigurations}/{Uri.EscapeDataString(name)}", null, KubeJsonContext.Default.MutatingWebhookConfiguration, cancellationToken);
        }
        catch (KubeApiException ex) when (ex.Code == 404)
        {
            return null;
        }
    }

    /// <summary>Creates a MutatingWebhookConfiguration (409 AlreadyExists when one of that name is there).</summary>
    public Task<MutatingWebhookConfiguration?> CreateMutatingWebhookConfigurationAsync(MutatingWebhookConfiguration configuration, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, WebhookConfigurations, Content(configuration), KubeJsonContext.Default.MutatingWebhookConfiguration, cancellationToken);

    /// <summary>Replaces a MutatingWebhookConfiguration (its metadata.resourceVersion set: 409 Conflict when it changed meanwhile).</summary>
    public Task<MutatingWebhookConfiguration?> ReplaceMutatingWebhookConfigurationAsync(MutatingWebhookConfiguration configuration, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, $"{WebhookConfigurations}/{Uri.EscapeDataString(configuration.Metadata.Name!)}", Content(configuration), KubeJsonContext.Default.MutatingWebhookConfiguration, cancellationToken);

    /// <summary>Deletes a MutatingWebhookConfiguration; false when there was none.</summary>
    public async Task<bool> DeleteMutatingWebhookConfigurationAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            await SendAsync(HttpMethod.Delete, $"{WebhookConfigurations}/{Uri.EscapeDataString(name)}", null, KubeJsonContext.Default.KubeStatus, cancellationToken);
            return true;
        }
        catch (KubeApiException ex) when (ex.Code == 404)
        {
            return false;
        }
    }

    public void Dispose() => http.Dispose();

    private static StringContent Content(MutatingWebhookConfiguration configuration) =>
        new(JsonSerializer.Serialize(configuration, KubeJsonContext.Default.MutatingWebhookConfiguration), new MediaTypeHeaderValue("application/json"));

    private async Task<T?> SendAsync<T>(HttpMethod method, string path, HttpContent? content, JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (await token(cancellationToken) is { Length: > 0 } bearer)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        using var response = await http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var status = TryRead(body, KubeJsonContext.Default.KubeStatus);
            throw new KubeApiException(
                (int)response.StatusCode,
                status?.Reason ?? response.ReasonPhrase ?? "Error",
                status?.Message ?? $"{method} /{path} answered {(int)response.StatusCode}");
        }

        return TryRead(body, type);
    }

    private static T? TryRead<T>(byte[] body, JsonTypeInfo<T> type)
        where T : class
    {
        try
        {
            return body.Length == 0 ? null : JsonSerializer.Deserialize(body, type);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool TrustedBy(X509Certificate2 leaf, X509Certificate2Collection trust, SslPolicyErrors errors)
    {
        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(trust);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(leaf);
    }
}
