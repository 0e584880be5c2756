using Nsm.Sdk.Registry.Matching;
using static Nsm.Sdk.Tests.Registry.RegistryTestData;

namespace Nsm.Sdk.Tests.Registry;

public class LabelTemplateTests
{
    private static readonly Dictionary<string, string> Data = Labels("nodeName", "node-1", "app", "web", "empty", "");

    [Theory]
    [InlineData("{{.nodeName}}", "node-1")]
    [InlineData("{{ .nodeName }}", "node-1")]
    [InlineData("pre-{{.app}}-{{.nodeName}}", "pre-web-node-1")]
    [InlineData("{{.missing}}", "<no value>")]
    [InlineData("{{.empty}}", "")]
    [InlineData("{{index . \"app\"}}", "web")]
    [InlineData("{{index . \"missing\"}}", "")]
    [InlineData("{{.}}", "map[app:web empty: nodeName:node-1]")]
    [InlineData("a {{- .app -}} b", "awebb")]
    [InlineData("x{{/* note */}}y", "xy")]
    [InlineData("plain", "plain")]
    [InlineData("a}}b", "a}}b")]
    public void Renders(string template, string expected)
    {
        Assert.True(LabelTemplate.TryRender(template, Data, out var result));
        Assert.Equal(expected, result);
    }

    [Theory]
    [InlineData("{{.nodeName")]
    [InlineData("{{}}")]
    [InlineData("{{printf \"%s\" .app}}")]
    [InlineData("{{.app-name}}")]
    [InlineData("{{.a.b}}x")]
    [InlineData("{{$x}}")]
    public void RejectsUnparsableOrUnsupported(string template)
    {
        Assert.False(LabelTemplate.TryRender(template, Data, out var result));
        Assert.Null(result);
    }

    [Fact]
    public void NullDataRendersNoValue()
    {
        Assert.True(LabelTemplate.TryRender("{{.x}}", null, out var result));
        Assert.Equal(LabelTemplate.NoValue, result);
    }
}
