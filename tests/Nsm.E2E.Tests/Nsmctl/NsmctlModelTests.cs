using Nsm.Sdk.Api;
using Nsm.Cmd.Nsmctl.Manifests;
using Nsm.Cmd.Shared;
using Nsm.Cmd.Nsmctl.Supervisor;

namespace Nsm.E2E.Tests.Nsmctl;

/// <summary>nsmctl's manifest model in process: YAML typing, selectors, env expansion, the annotation, image roles.</summary>
public sealed class NsmctlModelTests
{
    [Fact]
    public void Yaml_keeps_quoted_scalars_as_strings()
    {
        var docs = new List<ManifestDocument>();
        ManifestReader.Parse("a: 1\n---\nkind: Pod\nmetadata:\n  labels:\n    layer: \"2\"\n    on: true\n", "t", docs);
        Assert.Equal(2, docs.Count);
        Assert.Equal("2", Json.String(docs[1].Body["metadata"]?["labels"]?["layer"]));
        Assert.Equal(1, docs[1].Index);
    }

    [Fact]
    public void Label_selectors_match_as_kubectl()
    {
        var labels = new Dictionary<string, string> { ["app"] = "nsmgr", ["tier"] = "a" };
        Assert.True(LabelSelector.Parse("app=nsmgr,tier in (a,b)").Matches(labels));
        Assert.False(LabelSelector.Parse("app!=nsmgr").Matches(labels));
        Assert.True(LabelSelector.Parse("!missing,app").Matches(labels));
        Assert.False(LabelSelector.Parse("tier notin (a)").Matches(labels));
    }

    [Fact]
    public void Env_expands_vars_and_maps_service_urls()
    {
        var defined = new Dictionary<string, string> { ["POD_NAME"] = "nse-1" };
        Assert.Equal("nse-1", ContainerEnv.Expand("$(POD_NAME)", defined));
        Assert.Equal("$(POD_NAME)", ContainerEnv.Expand("$$(POD_NAME)", defined));
        Assert.Equal("$(OTHER)", ContainerEnv.Expand("$(OTHER)", defined));
        Assert.Equal("unix:///m/svc.sock,tcp://1.2.3.4:5", ContainerEnv.MapUrls("registry:5002,tcp://1.2.3.4:5", "nsm-system", (host, _) => host == "registry" ? "/m/svc.sock" : null));
    }

    [Fact]
    public void Annotation_takes_names_and_urls()
    {
        Assert.True(NsmAnnotation.TryParse("isolated-network", out var one, out _));
        Assert.Equal(("isolated-network", "nsm-1"), (one[0].Service, one[0].Interface));
        Assert.True(NsmAnnotation.TryParse("kernel://kernel2kernel/nsm-1, kernel://other/nsm-7", out var two, out _));
        Assert.Equal(("other", "nsm-7"), (two[1].Service, two[1].Interface));
        Assert.False(NsmAnnotation.TryParse("Not A Name", out _, out _));
    }

    [Fact]
    public void Images_map_to_programs()
    {
        Assert.Equal(ProgramRole.NseIcmpResponder, ProgramCatalog.Find("ghcr.io/networkservicemesh/ci/cmd-nse-icmp-responder:0fac08f").Program);
        Assert.Equal(ProgramRole.ForwarderKernel, ProgramCatalog.Find("ghcr.io/networkservicemesh/cmd-forwarder-vpp:v1.11.0").Program);
        Assert.NotNull(ProgramCatalog.Find("ghcr.io/networkservicemesh/cmd-forwarder-vpp:v1.11.0").Warning);
        Assert.Equal((true, (ProgramRole?)null), (ProgramCatalog.Find("ghcr.io/networkservicemesh/cmd-nse-supplier-k8s:v1.11.0").IsNsmImage, ProgramCatalog.Find("ghcr.io/networkservicemesh/cmd-nse-supplier-k8s:v1.11.0").Program));
        var vlan = ProgramCatalog.Find("ghcr.io/networkservicemesh/cmd-nse-vlan-vpp:v1.11.0");
        Assert.Equal((ProgramRole.NseVlan, "cmd-nse-vlan-vpp runs as nse-vlan (a Linux bridge; VLAN by BPF or a vlan link)"), (vlan.Program, vlan.Warning));
        Assert.True(vlan.Program!.IsEndpoint);
        Assert.Equal((ProgramRole.NseVlan, (string?)null), (ProgramCatalog.Find("ghcr.io/networkservicemesh/ci/cmd-nse-vlan:v1").Program, ProgramCatalog.Find("ghcr.io/networkservicemesh/ci/cmd-nse-vlan:v1").Warning));
        Assert.False(ProgramCatalog.Find("alpine:latest").IsNsmImage);
        Assert.Equal(ProgramRole.NseFirewall, ProgramCatalog.Find("ghcr.io/networkservicemesh/cmd-nse-firewall-vpp:v1.11.0").Program);
        Assert.Contains("kernel firewall", ProgramCatalog.Find("ghcr.io/networkservicemesh/cmd-nse-firewall-vpp:v1.11.0").Warning, StringComparison.Ordinal);
        Assert.Equal((ProgramRole.NseFirewall, (string?)null), (ProgramCatalog.Find("ghcr.io/networkservicemesh/cmd-nse-firewall:v1").Program, ProgramCatalog.Find("ghcr.io/networkservicemesh/cmd-nse-firewall:v1").Warning));
    }

    [Fact]
    public void Kernel_and_remote_vlan_endpoint_images_run_nse_kernel()
    {
        var kernel = ProgramCatalog.Find("ghcr.io/networkservicemesh/cmd-nse-kernel:v1.11.0");
        Assert.Equal((ProgramRole.NseKernel, (string?)null), (kernel.Program, kernel.Warning));
        Assert.True(kernel.Program!.IsEndpoint);
        var remoteVlan = ProgramCatalog.Find("ghcr.io/networkservicemesh/cmd-nse-remote-vlan:v1.11.0");
        Assert.Equal(ProgramRole.NseKernel, remoteVlan.Program);
        Assert.Contains("nse-kernel", remoteVlan.Warning, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nsm-sdk/cmd-nsmgr:0.1.0", "nsmgr")]
    [InlineData("ghcr.io/you/nsm/cmd-forwarder-kernel:1.2.3", "forwarder-kernel")]
    [InlineData("registry.example:5000/org/cmd-registry-k8s@sha256:0123", "registry")]
    public void Our_own_program_images_under_any_prefix_run_their_programs(string image, string program)
    {
        var match = ProgramCatalog.Find(image);
        Assert.True(match.IsNsmImage);
        Assert.Equal(program, match.Program!.Role);
        Assert.False(ProgramCatalog.Find("nsm-sdk/cmd-unknown-tool:1").IsNsmImage); // a name we have no program for is not run
    }

    [Theory]
    [InlineData("nsm-sdk/ids-endpoint:0.1.0")]
    [InlineData("registry.example:5000/you/ids-endpoint@sha256:0123")]
    [InlineData("my-ids-endpoint")]
    public void Images_named_ids_endpoint_run_the_ids_example(string image)
    {
        var match = ProgramCatalog.Find(image);
        Assert.Equal((true, ProgramRole.IdsEndpoint, (string?)null), (match.IsNsmImage, match.Program, match.Warning));
        Assert.True(match.Program!.IsEndpoint);
        Assert.Equal("examples/IdsEndpoint", match.Program.Source);
        Assert.False(ProgramCatalog.Find("nsm-sdk/ids-endpoint-ui:1").IsNsmImage);
    }

    [Fact]
    public void Guide_destination_selector_that_selects_nothing_offers_every_endpoint()
    {
        var manifest = (System.Text.Json.Nodes.JsonObject)System.Text.Json.Nodes.JsonNode.Parse("""
            {"spec":{"payload":"IP","matches":[{"sourceSelector":{"app":"client"},"destinationSelector":{"app":"server"},"route":[{"destination":"10.100.1.0/24"}]}]}}
            """)!;
        var warnings = new List<string>();
        var ns = NetworkServiceTranslator.ToRegistry("isolated-network", manifest, _ => false, warnings);

        // One route with an empty destination selector: upstream's matching then selects every endpoint.
        var match = Assert.Single(ns.Matches);
        Assert.Equal("client", match.SourceSelector["app"]);
        Assert.Empty(Assert.Single(match.Routes).DestinationSelector);
        Assert.Contains("selects no endpoint", Assert.Single(warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void Guide_secure_path_becomes_a_chain_of_its_route_items_in_order()
    {
        var manifest = (System.Text.Json.Nodes.JsonObject)System.Text.Json.Nodes.JsonNode.Parse("""
            {"spec":{"payload":"IP","matches":[{"sourceSelector":{"security":"high"},"route":[{"via":"firewall-service"},{"via":"ids-service"},{"destination":"application-network"}]}]}}
            """)!;
        var warnings = new List<string>();
        var ns = NetworkServiceTranslator.ToRegistry("secure-path", manifest, _ => false, warnings);

        var match = Assert.Single(ns.Matches);
        Assert.Equal("high", match.SourceSelector["security"]);
        Assert.Equal(["via: firewall-service", "via: ids-service", "destination: application-network"], ServiceChain.Hops(match).Select(h => h.ToString()));
        Assert.Empty(warnings);
    }
}
