using System.Text.Json.Nodes;
using Nsm.Cmd.Nsmctl.Manifests;
using Nsm.Cmd.Nsmctl.Supervisor;

namespace Nsm.E2E.Tests.Nsmctl;

/// <summary>nsmctl's ConfigMaps, volumes and rollouts in process: nsm-config's checks, mount paths, a rolling update's steps.</summary>
public sealed class NsmctlConfigModelTests(ProgramsFixture programs) : IClassFixture<ProgramsFixture>
{
    private string Root => programs.Root;

    private static (List<ManifestIssue> Errors, List<ManifestIssue> Warnings) Validate(string yaml, string? ns = null)
    {
        var docs = new List<ManifestDocument>();
        ManifestReader.Parse(yaml, "t", docs);
        return ManifestValidator.Validate(docs, ns);
    }

    private static string NsmConfigYaml(string nsmYaml, string ns = "nsm-system") =>
        $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: nsm-config\n  namespace: {ns}\ndata:\n  nsm.yaml: |\n" +
        string.Concat(nsmYaml.Split('\n').Select(l => "    " + l + "\n"));

    [Fact]
    public void The_guides_nsm_config_is_refused_until_its_placeholder_keys_are_replaced_by_keys()
    {
        var guide = File.ReadAllText(Path.Combine(Root, "examples", "guide", "multi-cluster", "2-nsm-config.yaml"));
        var (errors, _) = Validate(guide);
        Assert.Equal(["data[nsm.yaml].tunnel.privateKey", "data[nsm.yaml].tunnel.peerPublicKey"], errors.Select(e => e.Field));
        Assert.Contains("'<base64-encoded-key>' is not a WireGuard key", errors[0].ToString(), StringComparison.Ordinal);

        var key = Convert.ToBase64String(new byte[32]);
        var withKeys = guide.Replace("<base64-encoded-key>", key, StringComparison.Ordinal).Replace("<peer-public-key>", key, StringComparison.Ordinal);
        Assert.Empty(Validate(withKeys).Errors);
        var settings = NsmConfig.Read(new Dictionary<string, string> { ["nsm.yaml"] = $"registry:\n  url: tcp://r.example.com:5001\ntunnel:\n  type: wireguard\n  privateKey: {key}\n  peerPublicKey: {key}\n  peerEndpoint: 203.0.113.50:51820\n" });
        Assert.Equal(new NsmConfig.Settings("tcp://r.example.com:5001", "wireguard", "203.0.113.50:51820") { PrivateKey = key, PeerPublicKey = key }, settings);
    }

    [Theory]
    [InlineData("tunnel:\n  type: gre\n  peerEndpoint: 1.2.3.4:5", "data[nsm.yaml].tunnel.type: unknown tunnel type 'gre' (supported: wireguard)")]
    [InlineData("tunnel:\n  type: ipsec\n  peerEndpoint: 1.2.3.4:500", "data[nsm.yaml].tunnel.type: ipsec is not supported here: use type: wireguard")]
    [InlineData("registry: [unclosed", "data[nsm.yaml]: not valid YAML")]
    [InlineData("registry:\n  url: \"http://x\"", "data[nsm.yaml].registry.url: 'http://x' is not a registry URL")]
    [InlineData("tunnel:\n  type: wireguard\n  privateKey: AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n  peerPublicKey: AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n  peerEndpoint: nowhere", "data[nsm.yaml].tunnel.peerEndpoint: 'nowhere' is not host:port")]
    [InlineData("- a list", "data[nsm.yaml]: must be a map")]
    public void A_bad_nsm_config_names_document_kind_name_and_field(string nsmYaml, string expected)
    {
        var (errors, _) = Validate("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: other\n---\n" + NsmConfigYaml(nsmYaml));
        var error = Assert.Single(errors, e => e.Field.StartsWith("data[nsm.yaml]", StringComparison.Ordinal)).ToString();
        Assert.StartsWith("document 1 (ConfigMap nsm-config): " + expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Nsm_config_is_checked_only_in_nsm_system()
    {
        Assert.Empty(Validate(NsmConfigYaml("tunnel:\n  type: gre", "default")).Errors);
        Assert.NotEmpty(Validate(NsmConfigYaml("tunnel:\n  type: gre", "default").Replace("  namespace: default\n", "", StringComparison.Ordinal), "nsm-system").Errors);
    }

    [Fact]
    public void Volumes_and_mounts_are_checked()
    {
        const string pod = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: p
            spec:
              containers:
              - name: c
                image: alpine
                volumeMounts:
                - name: missing
                  mountPath: /etc/x
                - name: cfg
                  mountPath: relative
                  subPath: ../up
              volumes:
              - name: cfg
                configMap:
                  items:
                  - key: a
                    path: /abs
            """;
        var fields = Validate(pod).Errors.Select(e => e.Field).ToList();
        Assert.Equal(
            ["spec.volumes[0].configMap.name", "spec.volumes[0].configMap.items[0].path", "spec.containers[0].volumeMounts[0].name", "spec.containers[0].volumeMounts[1].mountPath", "spec.containers[0].volumeMounts[1].subPath"],
            fields);
    }

    [Fact]
    public void Env_paths_under_a_mount_path_become_the_volume_on_this_machine()
    {
        VolumeMount[] mounts = [new("/etc/firewall", "/run/nsm/pods/default_fw/volumes/acl"), new("/etc/firewall/extra", "/elsewhere")];
        Assert.Equal("/run/nsm/pods/default_fw/volumes/acl/config.yaml", PodVolumes.Rewrite("/etc/firewall/config.yaml", mounts));
        Assert.Equal("unix:///elsewhere/x.sock,/run/nsm/pods/default_fw/volumes/acl", PodVolumes.Rewrite("unix:///etc/firewall/extra/x.sock,/etc/firewall", mounts));
        Assert.Equal("/etc/firewallx/a", PodVolumes.Rewrite("/etc/firewallx/a", mounts));
        Assert.Equal("/opt/etc/firewall/a", PodVolumes.Rewrite("/opt/etc/firewall/a", mounts));
    }

    [Fact]
    public void A_config_map_volume_is_written_with_its_items_and_rewritten_when_it_changes()
    {
        var state = Directory.CreateTempSubdirectory("nsmctl-vol-").FullName;
        try
        {
            var layout = new StateLayout(state);
            var pod = new PodInstance("default", "fw", (JsonObject)JsonNode.Parse("""
                {"metadata":{"name":"fw"},"spec":{"containers":[{"name":"c","image":"alpine","volumeMounts":[{"name":"acl","mountPath":"/etc/firewall"},{"name":"all","mountPath":"/etc/one.yaml","subPath":"b"}]}],
                 "volumes":[{"name":"acl","configMap":{"name":"cm","items":[{"key":"a","path":"sub/config.yaml"}]}},{"name":"all","configMap":{"name":"cm"}},{"name":"gone","configMap":{"name":"none"}}]}}
                """)!, DateTimeOffset.UnixEpoch);
            var data = new Dictionary<string, string> { ["a"] = "one", ["b"] = "two" };
            var warnings = PodVolumes.Sync(pod, layout, (_, name) => name == "cm" ? data : null);
            Assert.Equal(["configmap \"none\" not found: volume gone stays empty until it is applied"], warnings);
            var acl = PodVolumes.Dir(layout, pod, "acl");
            Assert.Equal("one", File.ReadAllText(Path.Combine(acl, "sub", "config.yaml")));
            Assert.Equal(["a", "b"], Directory.GetFiles(PodVolumes.Dir(layout, pod, "all")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
            Assert.Equal(
                [new VolumeMount("/etc/firewall", acl), new VolumeMount("/etc/one.yaml", Path.Combine(PodVolumes.Dir(layout, pod, "all"), "b"))],
                PodVolumes.Mounts(pod, (JsonObject)pod.Spec["containers"]![0]!, layout));

            data.Remove("b");
            data["a"] = "changed";
            PodVolumes.Sync(pod, layout, (_, name) => name == "cm" ? data : null);
            Assert.Equal("changed", File.ReadAllText(Path.Combine(acl, "sub", "config.yaml")));
            Assert.Equal(["a"], Directory.GetFiles(PodVolumes.Dir(layout, pod, "all")).Select(Path.GetFileName));
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }

    [Fact]
    public void A_rolling_update_of_one_replica_keeps_the_old_pod_until_the_new_one_is_ready()
    {
        var old = Pod("old", ready: true);
        var (create, delete) = RollingUpdate.Step(1, [], [old], null);
        Assert.Equal((1, 0), (create, delete.Count));

        var fresh = Pod("new", ready: false);
        (create, delete) = RollingUpdate.Step(1, [fresh], [old], null);
        Assert.Equal((0, 0), (create, delete.Count));

        fresh = Pod("new", ready: true);
        (create, delete) = RollingUpdate.Step(1, [fresh], [old], null);
        Assert.Equal(0, create);
        Assert.Same(old, Assert.Single(delete));
    }

    [Fact]
    public void Rolling_limits_follow_the_strategy()
    {
        Assert.Equal((1, 0), RollingUpdate.Limits(null, 1));
        Assert.Equal((1, 1), RollingUpdate.Limits(null, 4));
        Assert.Equal((2, 0), RollingUpdate.Limits((JsonObject)JsonNode.Parse("""{"maxSurge":"50%","maxUnavailable":0}""")!, 3));
        var (create, delete) = RollingUpdate.Step(2, [], [Pod("a", true), Pod("b", true)], (JsonObject)JsonNode.Parse("""{"type":"Recreate"}""")!);
        Assert.Equal((0, 2), (create, delete.Count));
        Assert.Equal("spec.strategy.rollingUpdate.maxUnavailable", Assert.Single(Validate("""
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: d
            spec:
              strategy:
                rollingUpdate:
                  maxSurge: 0
                  maxUnavailable: 0%
              selector:
                matchLabels:
                  app: d
              template:
                metadata:
                  labels:
                    app: d
                spec:
                  containers:
                  - name: c
                    image: alpine
            """).Errors).Field);
    }

    private static PodInstance Pod(string name, bool ready)
    {
        var pod = new PodInstance("default", name, new JsonObject(), DateTimeOffset.UnixEpoch);
        pod.Containers.Add(new ContainerInstance("c", "alpine", null) { WaitingReason = ready ? null : "ContainerCreating" });
        return pod;
    }
}
