namespace Nsm.Helm.Tests;

/// <summary>
/// The guide's nsm-config on a real cluster: nsmgr mounts the ConfigMap (federation), and cmd-site-gateway runs the
/// tunnel on the labelled gateway nodes, with the other nodes routing through the gateway address when one is given.
/// </summary>
public sealed class SiteGatewayChartTests
{
    [HelmFact]
    public void Nsmgr_mounts_the_optional_nsm_config_where_it_reads_nsm_yaml()
    {
        var spec = Rendered.Template().Get("DaemonSet", "nsmgr")["spec"]!["template"]!["spec"]!;
        var volume = spec["volumes"]!.AsArray().Single(v => (string?)v!["name"] == "nsm-config")!;
        Assert.Equal("nsm-config", (string?)volume["configMap"]!["name"]);
        Assert.True((bool?)volume["configMap"]!["optional"]);
        Assert.Contains(Rendered.Container(Rendered.Template().Get("DaemonSet", "nsmgr"))["volumeMounts"]!.AsArray(), m => (string?)m!["mountPath"] == "/etc/nsm-config");
    }

    [HelmFact]
    public void The_gateway_runs_on_labelled_nodes_only_on_the_host_network_with_the_config_and_tun()
    {
        var r = Rendered.Template();
        var gateway = r.Get("DaemonSet", "site-gateway");
        var spec = gateway["spec"]!["template"]!["spec"]!;
        Assert.True((bool?)spec["hostNetwork"]);
        var term = spec["affinity"]!["nodeAffinity"]!["requiredDuringSchedulingIgnoredDuringExecution"]!["nodeSelectorTerms"]![0]!["matchExpressions"]![0]!;
        Assert.Equal(("networkservicemesh.io/site-gateway", "In", "true"), ((string?)term["key"], (string?)term["operator"], (string?)term["values"]![0]));
        var container = Rendered.Container(gateway);
        Assert.EndsWith("/cmd-site-gateway:" + File.ReadAllText(Path.Combine(HelmTools.RepoRoot, "version.txt")).Trim(), (string?)container["image"], StringComparison.Ordinal);
        Assert.True((bool?)container["securityContext"]!["privileged"]);
        var env = Rendered.Env(gateway);
        Assert.Equal("/etc/nsm-config/nsm.yaml", env["NSM_CONFIG_FILE"]);
        Assert.Equal("nsm-site", env["NSM_SITE_DEVICE"]);
        Assert.DoesNotContain("NSM_SITE_GATEWAY", env.Keys);
        Assert.Contains(spec["volumes"]!.AsArray(), v => (string?)v!["hostPath"]?["path"] == "/dev/net/tun");
        Assert.Null(r.Find("DaemonSet", "site-gateway-member"));
    }

    [HelmFact]
    public void With_a_gateway_address_the_other_nodes_route_through_it()
    {
        var r = Rendered.Template("--set", "siteGateway.gatewayAddress=10.0.0.5", "--set", "siteGateway.nodeLabel=example.com/edge");
        var member = r.Get("DaemonSet", "site-gateway-member");
        var term = member["spec"]!["template"]!["spec"]!["affinity"]!["nodeAffinity"]!["requiredDuringSchedulingIgnoredDuringExecution"]!["nodeSelectorTerms"]![0]!["matchExpressions"]![0]!;
        Assert.Equal(("example.com/edge", "NotIn"), ((string?)term["key"], (string?)term["operator"]));
        Assert.Equal("10.0.0.5", Rendered.Env(member)["NSM_SITE_GATEWAY"]);
    }

    [HelmFact]
    public void A_bad_gateway_address_or_disabled_gateway_is_handled_at_install()
    {
        var (exit, _, stderr) = HelmTools.RunHelm("template", "t", HelmTools.Chart, "--set", "siteGateway.gatewayAddress=not-an-ip");
        Assert.NotEqual(0, exit);
        Assert.Contains("gatewayAddress", stderr, StringComparison.Ordinal);
        Assert.Null(Rendered.Template("--set", "siteGateway.enabled=false").Find("DaemonSet", "site-gateway"));
    }
}
