using Nsm.Sdk.Registry.Matching;
using static Nsm.Sdk.Tests.Registry.RegistryTestData;

namespace Nsm.Sdk.Tests.Registry;

public class LabelSelectorTests
{
    [Fact]
    public void EmptySelectorAlwaysMatches()
    {
        Assert.True(LabelSelector.IsSubset(null, null, null));
        Assert.True(LabelSelector.IsSubset(null, Labels(), null));
        Assert.True(LabelSelector.IsSubset(Labels("a", "1"), Labels(), null));
    }

    [Fact]
    public void LiteralSubset()
    {
        var labels = Labels("a", "1", "b", "2");
        Assert.True(LabelSelector.IsSubset(labels, Labels("a", "1"), null));
        Assert.True(LabelSelector.IsSubset(labels, Labels("a", "1", "b", "2"), null));
        Assert.False(LabelSelector.IsSubset(labels, Labels("a", "2"), null));
        Assert.False(LabelSelector.IsSubset(labels, Labels("c", "1"), null));
    }

    [Fact]
    public void LengthCheckComesFirst()
    {
        // b has an entry "" which would match an absent key, but a is shorter than b
        Assert.False(LabelSelector.IsSubset(Labels("a", "1"), Labels("a", "1", "x", ""), null));
    }

    [Fact]
    public void AbsentKeyComparesAsEmpty()
    {
        Assert.True(LabelSelector.IsSubset(Labels("a", "1", "b", "2"), Labels("a", "1", "x", ""), null));
        // a template rendering "" also matches an absent key
        Assert.True(LabelSelector.IsSubset(Labels("a", "1"), Labels("x", "{{.empty}}"), Labels("empty", "")));
    }

    [Fact]
    public void TemplateRenderedFromVariables()
    {
        var nse = Labels("nodeName", "node-1");
        Assert.True(LabelSelector.IsSubset(nse, Labels("nodeName", "{{.nodeName}}"), Labels("nodeName", "node-1")));
        Assert.True(LabelSelector.IsSubset(nse, Labels("nodeName", "{{ .nodeName }}"), Labels("nodeName", "node-1")));
        Assert.False(LabelSelector.IsSubset(nse, Labels("nodeName", "{{.nodeName}}"), Labels("nodeName", "node-2")));
    }

    [Fact]
    public void LiteralComparedBeforeRendering()
    {
        // the NSE literally carries the template text
        Assert.True(LabelSelector.IsSubset(Labels("k", "{{.x}}"), Labels("k", "{{.x}}"), Labels("x", "other")));
    }

    [Fact]
    public void MissingVariableRendersNoValueAndDoesNotFallBack()
    {
        Assert.False(LabelSelector.IsSubset(Labels("nodeName", "node-1"), Labels("nodeName", "{{.nodeName}}"), Labels()));
        Assert.True(LabelSelector.IsSubset(Labels("nodeName", "<no value>"), Labels("nodeName", "{{.nodeName}}"), Labels()));
    }

    [Fact]
    public void UnparsableTemplateComparedLiterally()
    {
        Assert.True(LabelSelector.IsSubset(Labels("k", "{{.x"), Labels("k", "{{.x"), Labels("x", "1")));
        Assert.False(LabelSelector.IsSubset(Labels("k", "1"), Labels("k", "{{.x"), Labels("x", "1")));
    }
}
