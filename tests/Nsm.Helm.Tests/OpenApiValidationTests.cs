using System.Text.Json.Nodes;

namespace Nsm.Helm.Tests;

/// <summary>
/// Every rendered object, in each combination of values, is valid for the Kubernetes API: required fields, types and
/// formats from the OpenAPI schemas (kubernetes-models' validators, run with node), and no unknown fields (<see cref="KnownFields"/>).
/// </summary>
public sealed class OpenApiValidationTests
{
    public static TheoryData<string> Combinations => new()
    {
        "",
        "--set forwarder.vpp.enabled=true --set forwarder.kernel.enabled=false",
        "--set registry.type=memory --set insecure=true",
        "--set forwarder.vpp.enabled=true --set forwarder.vpp.hugepages.enabled=true --set admissionWebhook.enabled=false --set crds.install=false",
        "--set spire.bundled.enabled=true --set nodeSelector.nsm=yes --set forwarder.vpp.enabled=true --set forwarder.vpp.hugepages.size=1Gi",
    };

    [SchemaTheory]
    [MemberData(nameof(Combinations))]
    public void RenderedObjectsAreValidKubernetesObjects(string sets)
    {
        var r = Rendered.Template(sets.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.NotEmpty(r.Objects);
        var unknown = r.Objects.SelectMany(KnownFields.Unknown).ToList();
        Assert.True(unknown.Count == 0, string.Join('\n', unknown));

        var file = Path.Combine(Path.GetTempPath(), $"nsm-helm-objects-{Environment.ProcessId}-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, new JsonArray(r.Objects.Select(o => (JsonNode)o.DeepClone()).ToArray()).ToJsonString());
        try
        {
            var script = Path.Combine(AppContext.BaseDirectory, "validate.mjs");
            var (exit, stdout, stderr) = HelmTools.Run("node", script, HelmTools.Models!, file);
            Assert.True(exit == 0, $"{stdout}{stderr}");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [SchemaFact]
    public void TheValidatorRejectsABrokenObject()
    {
        // The check is only worth something if it fails: a Deployment without a selector and with a numeric image.
        var broken = JsonNode.Parse("""
            [{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"broken"},
              "spec":{"template":{"spec":{"containers":[{"name":"c","image":3}]}}}}]
            """)!;
        var file = Path.Combine(Path.GetTempPath(), $"nsm-helm-broken-{Environment.ProcessId}.json");
        File.WriteAllText(file, broken.ToJsonString());
        try
        {
            var (exit, stdout, _) = HelmTools.Run("node", Path.Combine(AppContext.BaseDirectory, "validate.mjs"), HelmTools.Models!, file);
            Assert.Equal(1, exit);
            Assert.Contains("Deployment/broken", stdout, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }

        var typo = (JsonObject)JsonNode.Parse("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"},"dta":{}}""")!;
        Assert.Contains(KnownFields.Unknown(typo), p => p.Contains("\"dta\"", StringComparison.Ordinal));
    }
}
