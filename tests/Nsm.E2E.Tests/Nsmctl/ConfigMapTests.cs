using System.Text.Json.Nodes;

namespace Nsm.E2E.Tests.Nsmctl;

/// <summary>
/// ConfigMaps beyond env: as mounted files (the program's env names them at their mountPath and finds them; exec sees
/// them there; a changed ConfigMap changes them), and the guide's nsm-config (checked, stored, shown, reported).
/// </summary>
public sealed class ConfigMapTests(ProgramsFixture programs) : IClassFixture<ProgramsFixture>
{
    // Upstream's firewall example shape: an NSE whose config file comes from a ConfigMap mounted at /etc/firewall.
    private const string Firewall = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: firewall-config
        data:
          config.yaml: |
            allow: icmp
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: firewall
          labels:
            app: firewall
        spec:
          containers:
          - name: nse
            image: ghcr.io/networkservicemesh/cmd-nse-icmp-responder:v1.11.0
            env:
            - name: NSM_SERVICE_NAMES
              value: firewall-service
            - name: NSM_CIDR_PREFIX
              value: 10.200.0.0/24
            - name: NSM_ACL_CONFIG_PATH
              value: /etc/firewall/config.yaml
            - name: NSM_CONNECT_TO
              value: unix:///var/lib/networkservicemesh/nsm.io.sock
            volumeMounts:
            - name: acl
              mountPath: /etc/firewall
            - name: nsm-socket
              mountPath: /var/lib/networkservicemesh
          - name: shell
            image: alpine:latest
            volumeMounts:
            - name: acl
              mountPath: /etc/nsmctl-e2e/deep/acl.yaml
              subPath: config.yaml
          volumes:
          - name: acl
            configMap:
              name: firewall-config
          - name: nsm-socket
            hostPath:
              path: /var/lib/networkservicemesh
              type: DirectoryOrCreate
        """;

    [RootFact]
    public async Task A_config_map_volume_is_seen_at_its_mount_path_and_follows_a_changed_config_map()
    {
        await using var nsmctl = new Nsmctl(programs);
        var applied = await nsmctl.RunWithInputAsync(Firewall, "apply", "-f", "-");
        Assert.True(applied.Code == 0, applied.Out + applied.Err);
        await nsmctl.OkAsync("wait", "--for=condition=ready", "pod", "firewall", "--timeout=90s");

        // The program's env names the file at this machine's path, and the file is there.
        var pod = JsonNode.Parse(await nsmctl.OkAsync("get", "pod", "firewall", "-o", "json"))!;
        var pid = pod["status"]!["containerStatuses"]!.AsArray().First(s => s!["name"]!.GetValue<string>() == "nse")!["pid"]!.GetValue<int>();
        var env = File.ReadAllText($"/proc/{pid}/environ").Split('\0').Where(e => e.Contains('=', StringComparison.Ordinal)).ToDictionary(e => e[..e.IndexOf('=', StringComparison.Ordinal)], e => e[(e.IndexOf('=', StringComparison.Ordinal) + 1)..]);
        var path = env["NSM_ACL_CONFIG_PATH"];
        Assert.StartsWith(nsmctl.State, path, StringComparison.Ordinal);
        Assert.Equal("allow: icmp\n", File.ReadAllText(path));
        Assert.Equal($"unix://{nsmctl.State}/mesh/nsm.io.sock", env["NSM_CONNECT_TO"]);

        // exec sees the volumes at their mountPaths (a private mount namespace); the host's /etc is untouched.
        Assert.Equal("allow: icmp\n", await nsmctl.OkAsync("exec", "firewall", "--", "cat", "/etc/firewall/config.yaml"));
        Assert.Equal("allow: icmp\n", await nsmctl.OkAsync("exec", "firewall", "-c", "shell", "--", "cat", "/etc/nsmctl-e2e/deep/acl.yaml"));
        Assert.Contains("nsm.io.sock", await nsmctl.OkAsync("exec", "firewall", "--", "ls", "/var/lib/networkservicemesh"), StringComparison.Ordinal);
        Assert.False(Directory.Exists("/etc/nsmctl-e2e"), "exec's mounts never change the host");

        // A changed ConfigMap: the files change, the pod stays.
        var changed = await nsmctl.RunWithInputAsync(Firewall.Replace("allow: icmp", "allow: all", StringComparison.Ordinal), "apply", "-f", "-");
        Assert.Contains("configmap/firewall-config configured", changed.Out, StringComparison.Ordinal);
        Assert.Contains("pod/firewall unchanged", changed.Out, StringComparison.Ordinal);
        Assert.Equal("allow: all\n", File.ReadAllText(path));
        Assert.Equal("allow: all\n", await nsmctl.OkAsync("exec", "firewall", "--", "cat", "/etc/firewall/config.yaml"));
    }

    [RootFact]
    public async Task The_guides_nsm_config_with_keys_is_stored_shown_mounted_into_nsmgr_and_its_tunnel_reported_without_a_site_network()
    {
        await using var nsmctl = new Nsmctl(programs);
        var key = Convert.ToBase64String(new byte[32]);
        var guide = File.ReadAllText(Path.Combine(nsmctl.Root, "examples", "guide", "multi-cluster", "2-nsm-config.yaml"));
        var placeholders = await nsmctl.RunWithInputAsync(guide, "apply", "-f", "-");
        Assert.Equal(1, placeholders.Code);
        Assert.Contains("data[nsm.yaml].tunnel.privateKey: '<base64-encoded-key>' is not a WireGuard key", placeholders.Err, StringComparison.Ordinal);

        var withKeys = guide.Replace("<base64-encoded-key>", key, StringComparison.Ordinal).Replace("<peer-public-key>", key, StringComparison.Ordinal);
        var (code, stdout, stderr) = await nsmctl.RunWithInputAsync(withKeys, "apply", "-f", "-");
        Assert.True(code == 0, stdout + stderr);
        Assert.Equal("configmap/nsm-config created\n", stdout);
        Assert.Contains("the WireGuard tunnel to 203.0.113.50:51820 is not running: this mesh has no site network", stderr, StringComparison.Ordinal);

        var described = await nsmctl.OkAsync("describe", "configmap", "nsm-config", "-n", "nsm-system");
        Assert.Contains("peerEndpoint: \"203.0.113.50:51820\"", described, StringComparison.Ordinal);
        Assert.Contains("registryUrl: tcp://registry.cluster-b.example.com:5001", described, StringComparison.Ordinal);
        Assert.Contains("not running: this mesh has no site network", described, StringComparison.Ordinal);

        // The nsmgr's nsm-config volume holds nsm.yaml (its NSM_CONFIG_FILE), and is emptied when the ConfigMap goes.
        var mounted = Directory.GetFiles(nsmctl.State, "nsm.yaml", SearchOption.AllDirectories).Where(f => f.Contains("nsmgr", StringComparison.Ordinal)).ToList();
        Assert.Contains("registry.cluster-b.example.com", File.ReadAllText(Assert.Single(mounted)), StringComparison.Ordinal);
        await nsmctl.OkAsync("delete", "configmap", "nsm-config", "-n", "nsm-system");
        Assert.False(File.Exists(mounted[0]));

        // A bad one is refused whole (its field named).
        var refused = await nsmctl.RunWithInputAsync("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: before-it\n---\n" + withKeys.Replace("type: wireguard", "type: gre", StringComparison.Ordinal), "apply", "-f", "-");
        Assert.Equal(1, refused.Code);
        Assert.Contains("error: document 1 (ConfigMap nsm-config): data[nsm.yaml].tunnel.type: unknown tunnel type 'gre'", refused.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("before-it", await nsmctl.OkAsync("get", "namespaces"), StringComparison.Ordinal);
    }
}
