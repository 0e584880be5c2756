extern alias webhook;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using webhook::Nsm.Cmd.AdmissionWebhookK8s;
using static Nsm.Cmd.Tests.Webhook.AdmissionReviews;

namespace Nsm.Cmd.Tests.Webhook;

/// <summary>cmd/admission-webhook-k8s over real HTTPS: registration, and what its patches make of pods.</summary>
public sealed class AdmissionWebhookTests
{
    [Fact]
    public async Task It_registers_its_configuration_with_its_CA_at_start_and_removes_it_at_stop()
    {
        await using var api = await FakeKubeApi.StartAsync();
        await using var webhook = await RunningWebhook.StartAsync(api);

        var registered = Assert.Single(api.WebhookConfigurations.Values);
        Assert.Equal("admission-webhook-k8s", (string?)registered["metadata"]!["name"]);
        var hook = registered["webhooks"]![0]!;
        Assert.Equal("admission-webhook-k8s.networkservicemesh.io", (string?)hook["name"]);
        Assert.Equal(RunningWebhook.ServiceName, (string?)hook["clientConfig"]!["service"]!["name"]);
        Assert.Equal(RunningWebhook.ServiceNamespace, (string?)hook["clientConfig"]!["service"]!["namespace"]);
        Assert.Equal("/mutate", (string?)hook["clientConfig"]!["service"]!["path"]);
        Assert.Equal("Ignore", (string?)hook["failurePolicy"]);
        Assert.Equal("None", (string?)hook["sideEffects"]);
        Assert.Equal("[\"v1\"]", hook["admissionReviewVersions"]!.ToJsonString());
        Assert.Equal("pods", (string?)hook["rules"]![0]!["resources"]![0]);
        Assert.All(api.Calls, call => Assert.EndsWith("Bearer sa-token", call, StringComparison.Ordinal));

        // The client trusts only that caBundle and checks the Service's name: this answer proves both.
        using var ready = await webhook.Client.GetAsync("ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);

        await webhook.StopAsync();
        Assert.Empty(api.WebhookConfigurations);
    }

    [Fact]
    public async Task A_stale_configuration_of_a_previous_run_is_replaced()
    {
        await using var api = await FakeKubeApi.StartAsync();
        api.WebhookConfigurations["admission-webhook-k8s"] = JsonNode.Parse("""
            {"apiVersion":"admissionregistration.k8s.io/v1","kind":"MutatingWebhookConfiguration",
             "metadata":{"name":"admission-webhook-k8s","resourceVersion":"7"},
             "webhooks":[{"name":"old","clientConfig":{"caBundle":"b2xk"}}]}
            """)!.AsObject();

        await using var webhook = await RunningWebhook.StartAsync(api);

        var registered = Assert.Single(api.WebhookConfigurations.Values);
        Assert.NotEqual("7", (string?)registered["metadata"]!["resourceVersion"]);
        Assert.Equal("admission-webhook-k8s.networkservicemesh.io", (string?)registered["webhooks"]![0]!["name"]);
        using var ready = await webhook.Client.GetAsync("ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task The_guides_bare_annotation_gives_the_pod_nsc_init_nsc_the_sockets_and_the_service()
    {
        await using var api = await FakeKubeApi.StartAsync();
        await using var webhook = await RunningWebhook.StartAsync(api);

        var response = await webhook.ReviewAsync(Of(GuidePod, uid: "uid-guide"));
        Assert.Equal("uid-guide", (string?)response["uid"]);
        var pod = Patched(GuidePod, response);

        var init = Assert.Single(pod["spec"]!["initContainers"]!.AsArray())!;
        Assert.Equal("cmd-nsc-init", (string?)init["name"]);
        Assert.Equal(RunningWebhook.InitImage, (string?)init["image"]);
        AssertNsmContainer(init, "isolated-network");

        var containers = pod["spec"]!["containers"]!.AsArray();
        Assert.Equal(["alpine", "cmd-nsc"], containers.Select(c => (string?)c!["name"]));
        Assert.Equal("[\"sleep\",\"infinity\"]", containers[0]!["command"]!.ToJsonString());
        Assert.Equal(RunningWebhook.SidecarImage, (string?)containers[1]!["image"]);
        AssertNsmContainer(containers[1]!, "isolated-network");
        Assert.Null(containers[0]!["volumeMounts"]);

        var volumes = pod["spec"]!["volumes"]!.AsArray();
        var nsmSocket = volumes.Single(v => (string?)v!["name"] == "nsm-socket")!;
        Assert.Equal("/var/lib/networkservicemesh", (string?)nsmSocket["hostPath"]!["path"]);
        Assert.Equal("Directory", (string?)nsmSocket["hostPath"]!["type"]);
        var spire = volumes.Single(v => (string?)v!["name"] == "spire-agent-socket")!;
        Assert.Equal("/run/spire/sockets", (string?)spire["hostPath"]!["path"]);

        Assert.Equal("alpine", (string?)pod["metadata"]!["labels"]!["app"]);
        Assert.Equal("true", (string?)pod["metadata"]!["labels"]!["spiffe.io/spiffe-id"]);
    }

    [Fact]
    public async Task An_upstream_url_list_is_passed_on_as_it_is()
    {
        await using var api = await FakeKubeApi.StartAsync();
        await using var webhook = await RunningWebhook.StartAsync(api);
        const string urls = "kernel://kernel2kernel/nsm-1,kernel://other/nsm-7?app=x";
        var obj = GuidePod.Replace("\"isolated-network\"", $"\"{urls}\"", StringComparison.Ordinal);

        var pod = Patched(obj, await webhook.ReviewAsync(Of(obj)));

        AssertNsmContainer(pod["spec"]!["initContainers"]![0]!, urls);
        AssertNsmContainer(pod["spec"]!["containers"]![1]!, urls);
    }

    [Fact]
    public async Task A_pod_without_annotation_in_a_plain_namespace_is_allowed_unchanged()
    {
        await using var api = await FakeKubeApi.StartAsync();
        api.AddNamespace("plain");
        await using var webhook = await RunningWebhook.StartAsync(api);

        AssertAllowedUnchanged(await webhook.ReviewAsync(Of(PlainPod)));
        Assert.Contains(api.Calls, call => call.StartsWith("GET /api/v1/namespaces/plain ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_namespace_annotation_applies_to_its_pods()
    {
        await using var api = await FakeKubeApi.StartAsync();
        api.AddNamespace("plain", new Dictionary<string, string> { ["networkservicemesh.io"] = "kernel://ns-wide/nsm-1" });
        await using var webhook = await RunningWebhook.StartAsync(api);

        var pod = Patched(PlainPod, await webhook.ReviewAsync(Of(PlainPod)));

        AssertNsmContainer(pod["spec"]!["initContainers"]![0]!, "kernel://ns-wide/nsm-1");
        Assert.Equal(["data", "spire-agent-socket", "nsm-socket"], pod["spec"]!["volumes"]!.AsArray().Select(v => (string?)v!["name"]));
    }

    [Fact]
    public async Task A_pod_is_never_blocked_when_its_namespace_cannot_be_read()
    {
        await using var api = await FakeKubeApi.StartAsync();
        await using var webhook = await RunningWebhook.StartAsync(api);

        // 404: the namespace is not there.
        AssertAllowedUnchanged(await webhook.ReviewAsync(Of(PlainPod)));

        // 500: the API fails.
        api.NamespacesBroken = true;
        AssertAllowedUnchanged(await webhook.ReviewAsync(Of(PlainPod)));
    }

    [Fact]
    public async Task Malformed_reviews_get_a_clear_error_or_are_allowed_unchanged()
    {
        await using var api = await FakeKubeApi.StartAsync();
        await using var webhook = await RunningWebhook.StartAsync(api);

        // Not an AdmissionReview at all: nothing to answer to.
        using var garbage = await webhook.Client.PostAsync("mutate", new StringContent("{not json", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
        Assert.Contains("AdmissionReview", await garbage.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // A review whose object is not a pod: allowed, unchanged.
        var odd = """{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u-1","kind":{"kind":"Pod"},"operation":"CREATE","object":42}}""";
        var response = await webhook.ReviewAsync(odd);
        Assert.Equal("u-1", (string?)response["uid"]);
        AssertAllowedUnchanged(response);

        // Metadata of the wrong shape: allowed, unchanged.
        var wrongShape = """{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"u-2","kind":{"kind":"Pod"},"operation":"CREATE","object":{"metadata":{"annotations":["x"]},"spec":7}}}""";
        AssertAllowedUnchanged(await webhook.ReviewAsync(wrongShape));

        // A bad annotation: allowed, unchanged, and the user is told why.
        var bad = GuidePod.Replace("\"isolated-network\"", "\"Not A Name\"", StringComparison.Ordinal);
        var badResponse = await webhook.ReviewAsync(Of(bad));
        AssertAllowedUnchanged(badResponse);
        Assert.Contains("Not A Name", (string?)badResponse["warnings"]![0], StringComparison.Ordinal);

        // Not a CREATE: allowed, unchanged.
        AssertAllowedUnchanged(await webhook.ReviewAsync(Of(GuidePod, operation: "UPDATE")));
    }

    [Fact]
    public async Task A_workload_template_is_patched_under_spec_template_and_an_already_patched_pod_gets_nothing_more()
    {
        await using var api = await FakeKubeApi.StartAsync();
        await using var webhook = await RunningWebhook.StartAsync(api);
        var deployment = $$"""
            {
              "apiVersion": "apps/v1", "kind": "Deployment",
              "metadata": { "name": "alpine", "namespace": "guide" },
              "spec": { "replicas": 1, "selector": { "matchLabels": { "app": "alpine" } }, "template": {{GuidePod}} }
            }
            """;

        var patched = Patched(deployment, await webhook.ReviewAsync(Of(deployment, kind: "Deployment")));
        var template = patched["spec"]!["template"]!;
        Assert.Equal("cmd-nsc-init", (string?)template["spec"]!["initContainers"]![0]!["name"]);
        Assert.Null(patched["spec"]!["initContainers"]);

        // Its pod, made from the patched template, comes back through the webhook: nothing to add.
        var pod = template.ToJsonString();
        AssertAllowedUnchanged(await webhook.ReviewAsync(Of(pod)));
    }

    [Fact]
    public void Env_maps_to_upstreams_settings()
    {
        var options = WebhookCmdOptions.FromEnvironment(Env.Of(
            ("NSM_INIT_CONTAINER_IMAGES", "reg/cmd-nsc-init:1"),
            ("NSM_ENVS", "A=1,B=x=y"),
            ("NSM_LABELS", "k:v"),
            ("NSM_ANNOTATION", "example.com/nsm"),
            ("NSM_NSURL_ENV_NAME", "NSM_URLS"),
            ("NSM_WEBHOOK_MODE", "SelfRegister")));
        Assert.Equal(WebhookMode.SelfRegister, options.Mode);
        Assert.Equal([new("A", "1"), new("B", "x=y")], options.Envs);
        Assert.Equal("v", options.Labels["k"]);
        Assert.Equal("example.com/nsm", options.Annotation);
        Assert.Equal("NSM_URLS", options.NsUrlEnvName);
        Assert.Equal(new Uri("tcp://0.0.0.0:443"), options.ListenOn);
        Assert.Equal("admission-webhook-k8s", options.Name);
        Assert.Equal("cmd-nsc-init", PodPatch.ContainerName("reg:5000/a/cmd-nsc-init:1@sha256:00"));
    }

    [Theory]
    [InlineData("NSM_INIT_CONTAINER_IMAGES", "")]
    [InlineData("NSM_WEBHOOK_MODE", "magic")]
    [InlineData("NSM_ENVS", "NOVALUE")]
    [InlineData("NSM_CERT_FILE_PATH", "/tmp/cert.pem")]
    public void A_bad_value_stops_with_the_variable_named(string name, string value)
    {
        var env = name == "NSM_INIT_CONTAINER_IMAGES" ? Env.Of() : Env.Of(("NSM_INIT_CONTAINER_IMAGES", "cmd-nsc-init"), (name, value));
        var ex = Assert.Throws<Nsm.Sdk.Hosting.NsmConfigurationException>(() => WebhookCmdOptions.FromEnvironment(env));
        Assert.StartsWith(name == "NSM_CERT_FILE_PATH" ? "NSM_KEY_FILE_PATH:" : name + ":", ex.Message, StringComparison.Ordinal);
    }

    private static void AssertNsmContainer(JsonNode container, string services)
    {
        var env = container["env"]!.AsArray();
        Assert.Equal(services, (string?)env.Single(e => (string?)e!["name"] == "NSM_NETWORK_SERVICES")!["value"]);
        Assert.Equal("unix:///run/spire/sockets/agent.sock", (string?)env.Single(e => (string?)e!["name"] == "SPIFFE_ENDPOINT_SOCKET")!["value"]);
        Assert.Equal("metadata.name", (string?)env.Single(e => (string?)e!["name"] == "POD_NAME")!["valueFrom"]!["fieldRef"]!["fieldPath"]);
        Assert.Equal("DEBUG", (string?)env.Single(e => (string?)e!["name"] == "NSM_LOG_LEVEL")!["value"]);
        var mounts = container["volumeMounts"]!.AsArray();
        var nsm = mounts.Single(m => (string?)m!["name"] == "nsm-socket")!;
        Assert.Equal("/var/lib/networkservicemesh", (string?)nsm["mountPath"]);
        Assert.Contains(mounts, m => (string?)m!["name"] == "spire-agent-socket" && (string?)m["mountPath"] == "/run/spire/sockets");
    }
}
