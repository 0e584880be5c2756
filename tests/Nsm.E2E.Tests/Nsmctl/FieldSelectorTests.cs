using System.Text.Json.Nodes;
using Nsm.Cmd.Nsmctl.Manifests;

namespace Nsm.E2E.Tests.Nsmctl;

/// <summary>kubectl's <c>--field-selector</c> as nsmctl applies it to the objects it lists, in process.</summary>
public sealed class FieldSelectorTests
{
    private static readonly JsonObject Nsmgr = JsonNode.Parse("""{"metadata":{"name":"nsmgr-abc","namespace":"nsm-system"},"spec":{"nodeName":"worker-1"},"status":{"phase":"Running","podIP":null}}""")!.AsObject();

    [Theory]
    [InlineData("metadata.name=nsmgr-abc", true)]
    [InlineData("metadata.name==nsmgr-abc", true)]
    [InlineData("metadata.name!=nsmgr-abc", false)]
    [InlineData("spec.nodeName==worker-1,metadata.namespace=nsm-system", true)]
    [InlineData("spec.nodeName==worker-2", false)]
    [InlineData("status.phase!=Running", false)]
    [InlineData("status.phase=Running, metadata.namespace!=default", true)]
    [InlineData("status.podIP=", true)]
    [InlineData("spec.hostNetwork=false", true)]
    [InlineData("", true)]
    public void Terms_select_as_an_api_server(string selector, bool matches)
    {
        var parsed = FieldSelector.Parse(selector);
        parsed.Validate(ResourceKind.Pod);
        Assert.Equal(matches, parsed.Matches(Nsmgr));
    }

    [Fact]
    public void Fields_a_kind_does_not_index_are_refused()
    {
        var ex = Assert.Throws<ManifestException>(() => FieldSelector.Parse("status.phase=Running").Validate(ResourceKind.Service));
        Assert.Contains("field label not supported: status.phase", ex.Message, StringComparison.Ordinal);
        FieldSelector.Parse("metadata.name=registry").Validate(ResourceKind.Service);
        Assert.Contains("field label not supported: spec.replicas", Assert.Throws<ManifestException>(() => FieldSelector.Parse("spec.replicas=1").Validate(ResourceKind.Pod)).Message, StringComparison.Ordinal);
        Assert.Contains("is not field=value", Assert.Throws<ManifestException>(() => FieldSelector.Parse("status.phase")).Message, StringComparison.Ordinal);
    }
}
