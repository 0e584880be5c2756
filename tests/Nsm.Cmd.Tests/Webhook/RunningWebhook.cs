extern alias webhook;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using webhook::Nsm.Cmd.AdmissionWebhookK8s;
using webhook::Nsm.Cmd.AdmissionWebhookK8s.Kube;

namespace Nsm.Cmd.Tests.Webhook;

/// <summary>
/// cmd/admission-webhook-k8s as its Program runs it (self-signed certificate, registration at start) on loopback
/// HTTPS, against a <see cref="FakeKubeApi"/>; its client reaches it by the Service's DNS name and trusts only the
/// CA bundle the webhook registered, as the API server does.
/// </summary>
internal sealed class RunningWebhook : IAsyncDisposable
{
    public const string ServiceName = "nsm-admission-webhook";
    public const string ServiceNamespace = "nsm-system";
    public const string InitImage = "ghcr.io/nsm/cmd-nsc-init:1.2.3";
    public const string SidecarImage = "ghcr.io/nsm/cmd-nsc:1.2.3";

    private readonly WebApplication _app;
    private readonly ServingCertificate _certificate;
    private readonly KubeApiClient _kube;
    private bool _stopped;

    private RunningWebhook(WebApplication app, ServingCertificate certificate, KubeApiClient kube, FakeKubeApi api, HttpClient client)
    {
        _app = app;
        _certificate = certificate;
        _kube = kube;
        Api = api;
        Client = client;
    }

    public FakeKubeApi Api { get; }

    public HttpClient Client { get; }

    public static async Task<RunningWebhook> StartAsync(FakeKubeApi api, params (string Name, string Value)[] extraEnv)
    {
        var env = Env.Of([
            ("NSM_SERVICE_NAME", ServiceName),
            ("NSM_NAMESPACE", ServiceNamespace),
            ("NSM_LISTEN_ON", $"tcp://127.0.0.1:{FreePort()}"),
            ("NSM_INIT_CONTAINER_IMAGES", InitImage),
            ("NSM_CONTAINER_IMAGES", SidecarImage),
            ("NSM_LABELS", "spiffe.io/spiffe-id:true"),
            ("NSM_ENVS", "NSM_LOG_LEVEL=DEBUG"),
            .. extraEnv]);
        var options = WebhookCmdOptions.FromEnvironment(env);
        var certificate = ServingCertificate.SelfSigned(options.ServiceName, options.Namespace, TimeProvider.System);
        var kube = new KubeApiClient(new HttpClient { BaseAddress = api.Url }, _ => Task.FromResult<string?>("sa-token"));
        var app = WebhookHost.Build([], env, options, certificate, kube);
        await app.StartAsync();
        var port = new Uri(app.Urls.Single()).Port;

        // Trust what the API server would trust: the caBundle of the registered configuration.
        var registered = api.WebhookConfigurations.Values.Single();
        var bundle = Encoding.UTF8.GetString(Convert.FromBase64String((string)registered["webhooks"]![0]!["clientConfig"]!["caBundle"]!));
        var trust = new X509Certificate2Collection();
        trust.ImportFromPem(bundle);
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, cert, _, errors) =>
                {
                    if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0 || cert is not X509Certificate2 leaf)
                    {
                        return false;
                    }

                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.CustomTrustStore.AddRange(trust);
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    return chain.Build(leaf);
                },
            },
        };
        var client = new HttpClient(handler) { BaseAddress = new Uri($"https://{ServiceName}.{ServiceNamespace}.svc:{port}/") };
        return new RunningWebhook(app, certificate, kube, api, client);
    }

    /// <summary>Posts an AdmissionReview and returns its response object (asserting the HTTP answer is 200 JSON).</summary>
    public async Task<JsonObject> ReviewAsync(string review)
    {
        using var response = await Client.PostAsync("mutate", new StringContent(review, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        var json = JsonNode.Parse(text)!.AsObject();
        Assert.Equal("admission.k8s.io/v1", (string?)json["apiVersion"]);
        Assert.Equal("AdmissionReview", (string?)json["kind"]);
        return json["response"]!.AsObject();
    }

    /// <summary>A loopback port free right now (NSM_LISTEN_ON takes no port 0, as upstream's URLs).</summary>
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async Task StopAsync()
    {
        await _app.StopAsync();
        _stopped = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopped)
        {
            await _app.StopAsync();
        }

        await _app.DisposeAsync();
        Client.Dispose();
        _kube.Dispose();
        _certificate.Dispose();
    }
}
