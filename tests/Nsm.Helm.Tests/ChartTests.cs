using System.Text.Json.Nodes;

namespace Nsm.Helm.Tests;

/// <summary>The chart renders, with the defaults and the guide's values, the objects the guide expects.</summary>
public sealed class ChartTests
{
    /// <summary>The guide's install line: VPP on, kernel off.</summary>
    internal static readonly string[] GuideInstall = ["--set", "forwarder.vpp.enabled=true", "--set", "forwarder.kernel.enabled=false"];

    [HelmFact]
    public void LintStrictPassesWithDefaultsAndTheGuidesValues()
    {
        foreach (var args in new[] { Array.Empty<string>(), GuideInstall, ["-f", GuideValues.VppPerformanceFile()] })
        {
            var (exit, stdout, stderr) = HelmTools.RunHelm(["lint", "--strict", HelmTools.Chart, .. args]);
            Assert.True(exit == 0, $"helm lint --strict {string.Join(' ', args)}: {stdout}{stderr}");
        }
    }

    [HelmFact]
    public void ChartVersionAndAppVersionAreVersionTxt()
    {
        var version = File.ReadAllText(Path.Combine(HelmTools.RepoRoot, "version.txt")).Trim();
        var (exit, stdout, stderr) = HelmTools.RunHelm("show", "chart", HelmTools.Chart);
        Assert.True(exit == 0, stderr);
        Assert.Contains($"version: {version}\n", stdout, StringComparison.Ordinal);
        Assert.Contains($"appVersion: {version}\n", stdout, StringComparison.Ordinal);
        var nsmgr = Rendered.Template().Get("DaemonSet", "nsmgr");
        Assert.Equal($"nsm-sdk/cmd-nsmgr:{version}", (string?)Rendered.Container(nsmgr)["image"]);
    }

    [HelmFact]
    public void DefaultsRenderRegistryK8sNsmgrKernelForwarderWebhookCrdsAndConfigMap()
    {
        var r = Rendered.Template();
        var registry = r.Get("Deployment", "registry");
        Assert.EndsWith("/cmd-registry-k8s:" + ChartVersion(), (string?)Rendered.Container(registry)["image"], StringComparison.Ordinal);
        Assert.Equal("fieldRef:metadata.namespace", Rendered.Env(registry)["NSM_NAMESPACE"]);
        Assert.Equal("tcp://:5002", Rendered.Env(registry)["NSM_LISTEN_ON"]);
        Assert.Equal("registry-sa", (string?)registry["spec"]!["template"]!["spec"]!["serviceAccountName"]);
        Assert.Equal(5002, (long?)r.Get("Service", "registry")["spec"]!["ports"]![0]!["port"]);

        var nsmgr = r.Get("DaemonSet", "nsmgr");
        var port = Rendered.Container(nsmgr)["ports"]![0]!;
        Assert.Equal(5001, (long?)port["hostPort"]);
        var hostPaths = nsmgr["spec"]!["template"]!["spec"]!["volumes"]!.AsArray().Select(v => (string?)v!["hostPath"]?["path"]).ToList();
        Assert.Contains("/var/lib/networkservicemesh", hostPaths);
        Assert.Contains("/run/spire/sockets", hostPaths);
        var env = Rendered.Env(nsmgr);
        Assert.Equal("unix:///run/spire/sockets/agent.sock", env["SPIFFE_ENDPOINT_SOCKET"]);
        Assert.Equal("unix:///var/lib/networkservicemesh/nsm.io.sock,tcp://$(POD_IP):5001", env["NSM_LISTEN_ON"]);
        Assert.Equal("tcp://registry.nsm-system.svc:5002", env["NSM_REGISTRY_URL"]);
        Assert.Equal("INFO", env["NSM_LOG_LEVEL"]);
        Assert.DoesNotContain("NSM_INSECURE", env.Keys);

        Assert.NotNull(r.Find("DaemonSet", "forwarder-kernel"));
        Assert.Null(r.Find("DaemonSet", "forwarder-vpp"));
        Assert.Equal("mtu: 1500\n", (string?)r.Get("ConfigMap", "nsm-forwarder-config")["data"]!["forwarder.yaml"]);

        var webhook = r.Get("Deployment", "admission-webhook-k8s");
        Assert.Equal("nsm-sdk/cmd-nsc-init:" + ChartVersion(), Rendered.Env(webhook)["NSM_INIT_CONTAINER_IMAGES"]);
        Assert.Equal("admission-webhook-svc", Rendered.Env(webhook)["NSM_SERVICE_NAME"]);
        Assert.NotNull(r.Find("Service", "admission-webhook-svc"));

        foreach (var crd in new[] { "networkservices.networkservicemesh.io", "networkserviceendpoints.networkservicemesh.io" })
        {
            var spec = r.Get("CustomResourceDefinition", crd)["spec"]!;
            Assert.Equal("networkservicemesh.io", (string?)spec["group"]);
            Assert.Equal("v1", (string?)spec["versions"]![0]!["name"]);
        }

        foreach (var sa in new[] { "nsmgr-sa", "registry-sa", "forwarder-kernel-sa", "admission-webhook-sa" })
        {
            Assert.NotNull(r.Find("ServiceAccount", sa));
        }
    }

    [HelmFact]
    public void RbacGivesTheRegistryItsResourcesAndTheWebhookItsConfiguration()
    {
        var r = Rendered.Template();
        var registry = Rules(r.Get("ClusterRole", "nsm-nsm-system-registry"));
        Assert.Contains(registry, rule => rule.Groups.Contains("networkservicemesh.io") && rule.Resources.Contains("networkserviceendpoints") && rule.Verbs.Contains("watch") && rule.Verbs.Contains("create"));
        var webhook = Rules(r.Get("ClusterRole", "nsm-nsm-system-admission-webhook"));
        Assert.Contains(webhook, rule => rule.Resources.Contains("mutatingwebhookconfigurations") && rule.Verbs.Contains("create") && rule.Verbs.Contains("delete"));
        Assert.Contains(webhook, rule => rule.Resources.Contains("namespaces") && rule.Verbs.Contains("get"));
        foreach (var (binding, account) in new[] { ("nsm-nsm-system-registry", "registry-sa"), ("nsm-nsm-system-admission-webhook", "admission-webhook-sa") })
        {
            var subject = r.Get("ClusterRoleBinding", binding)["subjects"]![0]!;
            Assert.Equal(account, (string?)subject["name"]);
            Assert.Equal("nsm-system", (string?)subject["namespace"]);
        }
    }

    [HelmFact]
    public void TheGuidesInstallLineSwitchesToTheVppForwarder()
    {
        var r = Rendered.Template(GuideInstall);
        Assert.Null(r.Find("DaemonSet", "forwarder-kernel"));
        var vpp = r.Get("DaemonSet", "forwarder-vpp");
        Assert.Matches("^nsm-sdk/cmd-forwarder-vpp:[0-9]", (string?)Rendered.Container(vpp)["image"]);
        Assert.Equal("unix:///var/lib/networkservicemesh/nsm.io.sock", Rendered.Env(vpp)["NSM_CONNECT_TO"]);
        Assert.NotNull(r.Find("Deployment", "registry"));
        Assert.NotNull(r.Find("Deployment", "admission-webhook-k8s"));
        Assert.NotNull(r.Find("DaemonSet", "nsmgr"));
    }

    [HelmFact]
    public void TheGuidesVppPerformanceValuesGiveResourcesAndHugepages()
    {
        var r = Rendered.Template(["-f", GuideValues.VppPerformanceFile(), "--set", "forwarder.kernel.enabled=false", "--set", "forwarder.mtu=9000"]);
        var c = Rendered.Container(r.Get("DaemonSet", "forwarder-vpp"));
        Assert.Equal("4", (string?)c["resources"]!["limits"]!["cpu"]);
        Assert.Equal("2Gi", (string?)c["resources"]!["requests"]!["memory"]);
        Assert.Equal("1024Mi", (string?)c["resources"]!["limits"]!["hugepages-2Mi"]);
        Assert.Equal("1024Mi", (string?)c["resources"]!["requests"]!["hugepages-2Mi"]);
        Assert.Contains(c["volumeMounts"]!.AsArray(), m => (string?)m!["mountPath"] == "/dev/hugepages");
        Assert.Equal("mtu: 9000\n", (string?)r.Get("ConfigMap", "nsm-forwarder-config")["data"]!["forwarder.yaml"]);
    }

    [HelmFact]
    public void MemoryRegistryUsesRegistryMemoryWithoutRbac()
    {
        var r = Rendered.Template("--set", "registry.type=memory");
        var registry = r.Get("Deployment", "registry");
        Assert.EndsWith("/cmd-registry-memory:" + ChartVersion(), (string?)Rendered.Container(registry)["image"], StringComparison.Ordinal);
        Assert.DoesNotContain("NSM_NAMESPACE", Rendered.Env(registry).Keys);
        Assert.Null(r.Find("ClusterRole", "nsm-nsm-system-registry"));
    }

    [HelmFact]
    public void InsecureSetsNsmInsecureEverywhereAndSaysSoLoudly()
    {
        var r = Rendered.DryRunInstall("--set", "insecure=true", "--set", "forwarder.vpp.enabled=true");
        // The site gateway speaks no gRPC: no transport security to set.
        var workloads = r.OfKind("Deployment").Concat(r.OfKind("DaemonSet")).Where(w => (string?)w["metadata"]!["name"] != "site-gateway").ToList();
        Assert.Equal(5, workloads.Count);
        foreach (var w in workloads)
        {
            var env = Rendered.Env(w);
            Assert.True(env.TryGetValue("NSM_INSECURE", out var value) && value == "true", Rendered.Describe(w));
            Assert.DoesNotContain("SPIFFE_ENDPOINT_SOCKET", env.Keys);
            Assert.DoesNotContain(w["spec"]!["template"]!["spec"]!["volumes"]?.AsArray() ?? [], v => (string?)v!["name"] == "spire-agent-socket");
        }

        Assert.Contains("NSM_INSECURE=true", Rendered.Env(r.Get("Deployment", "admission-webhook-k8s"))["NSM_ENVS"], StringComparison.Ordinal);
        Assert.Contains("WARNING: insecure=true", r.Notes, StringComparison.Ordinal);
        Assert.Contains("PLAINTEXT", r.Notes, StringComparison.Ordinal);
    }

    [HelmFact]
    public void NotesSayWhatToCheckNext()
    {
        var notes = Rendered.DryRunInstall().Notes;
        Assert.Contains("kubectl get pods -n nsm-system", notes, StringComparison.Ordinal);
        Assert.Contains("kubectl logs -n nsm-system -l app=nsmgr", notes, StringComparison.Ordinal);
        Assert.Contains("kubectl logs -n nsm-system -l app=nsm-registry", notes, StringComparison.Ordinal);
        Assert.Contains("kubectl get networkservices", notes, StringComparison.Ordinal);
        Assert.DoesNotContain("WARNING", notes, StringComparison.Ordinal);
    }

    [HelmFact]
    public void ImageRegistryTagLogLevelAndPlacementOverridesApply()
    {
        var r = Rendered.Template(
            "--set", "image.registry=registry.example.com/team", "--set", "image.tag=1.2.3", "--set", "logLevel=DEBUG",
            "--set", "nsmgr.image.tag=9.9.9", "--set", "registry.image.repository=mirror.example.com/reg",
            "--set", "nodeSelector.nsm=yes", "--set", "tolerations[0].key=dedicated", "--set", "tolerations[0].operator=Exists");
        Assert.Equal("registry.example.com/team/cmd-nsmgr:9.9.9", (string?)Rendered.Container(r.Get("DaemonSet", "nsmgr"))["image"]);
        Assert.Equal("mirror.example.com/reg:1.2.3", (string?)Rendered.Container(r.Get("Deployment", "registry"))["image"]);
        var webhook = r.Get("Deployment", "admission-webhook-k8s");
        Assert.Equal("registry.example.com/team/cmd-admission-webhook-k8s:1.2.3", (string?)Rendered.Container(webhook)["image"]);
        Assert.Equal("registry.example.com/team/cmd-nsc:1.2.3", Rendered.Env(webhook)["NSM_CONTAINER_IMAGES"]);
        foreach (var w in r.OfKind("Deployment").Concat(r.OfKind("DaemonSet")))
        {
            var pod = w["spec"]!["template"]!["spec"]!;
            Assert.Equal("DEBUG", Rendered.Env(w)["NSM_LOG_LEVEL"]);
            Assert.Equal("yes", (string?)pod["nodeSelector"]?["nsm"]);
            Assert.Contains(pod["tolerations"]!.AsArray(), t => (string?)t!["key"] == "dedicated");
        }
    }

    [HelmFact]
    public void BundledSpireRunsAServerAndAnAgentWhoseSocketTheProgramsUse()
    {
        var r = Rendered.DryRunInstall("--set", "spire.bundled.enabled=true");
        Assert.NotNull(r.Find("Deployment", "spire-server"));
        Assert.NotNull(r.Find("Service", "spire-server"));
        var agent = r.Get("DaemonSet", "spire-agent");
        var socket = agent["spec"]!["template"]!["spec"]!["volumes"]!.AsArray().Single(v => (string?)v!["name"] == "socket")!;
        Assert.Equal("/run/spire/sockets", (string?)socket["hostPath"]!["path"]);
        Assert.Contains("socket_path = \"/run/spire/sockets/agent.sock\"", (string?)r.Get("ConfigMap", "spire-agent")["data"]!["agent.conf"], StringComparison.Ordinal);
        Assert.Equal("unix:///run/spire/sockets/agent.sock", Rendered.Env(r.Get("DaemonSet", "nsmgr"))["SPIFFE_ENDPOINT_SOCKET"]);
        Assert.Contains("spire-server entry create", r.Notes, StringComparison.Ordinal);
        Assert.Null(Rendered.Template().Find("Deployment", "spire-server"));
    }

    private static string ChartVersion() => File.ReadAllText(Path.Combine(HelmTools.RepoRoot, "version.txt")).Trim();

    private static List<(string[] Groups, string[] Resources, string[] Verbs)> Rules(JsonObject role) =>
        role["rules"]!.AsArray().Select(rule => (
            Strings(rule!["apiGroups"]), Strings(rule["resources"]), Strings(rule["verbs"]))).ToList();

    private static string[] Strings(JsonNode? array) => array?.AsArray().Select(n => (string)n!).ToArray() ?? [];
}
