using System.Text.Json.Nodes;
using Nsm.Cmd.Nsmctl.Manifests;
using Nsm.Cmd.Nsmctl.Output;
using Nsm.Cmd.Nsmctl.Output.Templates;

namespace Nsm.E2E.Tests.Nsmctl;

/// <summary>nsmctl's go-template subset (kubectl's <c>-o go-template</c>), in process: upstream's templates and Go's output rules.</summary>
public sealed class GoTemplateTests
{
    private const string Pods = """
        {"apiVersion":"v1","kind":"List","items":[
          {"metadata":{"name":"nsmgr-abc","labels":{"app":"nsmgr","tier":"b"}},"spec":{"nodeName":"worker-1"},"status":{"phase":"Running","podIP":"10.0.0.7","restartCount":3}},
          {"metadata":{"name":"client","labels":{}},"spec":{"nodeName":"worker-1"},"status":{"phase":"Pending","podIP":null}}]}
        """;

    private static string Run(string template, string json = Pods) => GoTemplate.Parse(template).Execute(JsonNode.Parse(json));

    [Theory]
    [InlineData("{{range .items}}{{.metadata.name}}{{\"\\n\"}}{{end}}", "nsmgr-abc\nclient\n")]
    [InlineData("{{range .items}}{{.metadata.name}} {{end}}", "nsmgr-abc client ")]
    [InlineData("{{range .items}}{{.spec.nodeName}}{{\"\\n\"}}{{end}}", "worker-1\nworker-1\n")]
    [InlineData("{{ (index .items 0).metadata.name }}", "nsmgr-abc")]
    [InlineData("{{(index .items 1).status.podIP}}", "<no value>")]
    [InlineData("{{index (index (index .items 0) \"status\") \"podIP\"}}", "10.0.0.7")]
    [InlineData("{{len .items}}/{{len (index .items 0).metadata.labels}}/{{len \"héllo\"}}", "2/2/6")]
    [InlineData("{{.kind}}{{.missing}}{{.missing.deeper}}", "List<no value><no value>")]
    public void Upstream_templates_print_as_kubectl(string template, string expected) => Assert.Equal(expected, Run(template));

    [Fact]
    public void Single_object_fields()
    {
        const string pod = """{"metadata":{"name":"client"},"status":{"podIP":"10.100.1.2","phase":"Running"}}""";
        Assert.Equal("10.100.1.2", Run("{{.status.podIP}}", pod));
        Assert.Equal("client\tRunning", Run("{{.metadata.name}}{{\"\\t\"}}{{.status.phase}}", pod));
        Assert.Equal("raw \\n", Run("{{`raw \\n`}}", pod));
    }

    [Fact]
    public void Conditionals_range_variables_and_with()
    {
        Assert.Equal("R P ", Run("{{range .items}}{{if eq .status.phase \"Running\"}}R{{else if eq .status.phase \"Pending\"}}P{{else}}?{{end}} {{end}}"));
        Assert.Equal("0=nsmgr-abc 1=client ", Run("{{range $i, $p := .items}}{{$i}}={{$p.metadata.name}} {{end}}"));
        Assert.Equal("app=nsmgr,tier=b,", Run("{{range $k, $v := (index .items 0).metadata.labels}}{{$k}}={{$v}},{{end}}"));
        Assert.Equal("none", Run("{{range .nothing}}x{{else}}none{{end}}"));
        Assert.Equal("List List ", Run("{{range .items}}{{$.kind}} {{end}}"));
        Assert.Equal("nsmgr", Run("{{with (index .items 0).metadata.labels}}{{.app}}{{else}}-{{end}}"));
        Assert.Equal("-", Run("{{with (index .items 1).metadata.labels}}{{.app}}{{else}}-{{end}}"));
        Assert.Equal("nsmgr-abc", Run("{{$first := index .items 0}}{{$first.metadata.name}}"));
        Assert.Equal("yes no", Run("{{if and .items (not .nothing)}}yes{{end}} {{if or .nothing (ne .kind \"List\")}}yes{{else}}no{{end}}"));
        Assert.Equal("b", Run("{{$x := \"a\"}}{{if true}}{{$x = \"b\"}}{{end}}{{$x}}"));
    }

    [Fact]
    public void Values_print_as_go_does()
    {
        Assert.Equal("3 1e+06 1.5 123456 0.0001 1e-05 true", Run("""{{.a}} {{.b}} {{.c}} {{.d}} {{.e}} {{.f}} {{.g}}""", """{"a":3,"b":1000000,"c":1.5,"d":123456,"e":0.0001,"f":0.00001,"g":true}"""));
        Assert.Equal("map[app:nsmgr tier:b] [a 1]", Run("{{(index .items 0).metadata.labels}} {{.list}}", """{"items":[{"metadata":{"labels":{"tier":"b","app":"nsmgr"}}}],"list":["a",1]}"""));
        Assert.Equal("secret", Run("{{.data.token | base64decode}}", """{"data":{"token":"c2VjcmV0"}}"""));
    }

    [Fact]
    public void Trim_markers_and_comments()
    {
        Assert.Equal("a,b", Run("{{- range .x }}\n  {{- . -}}\n  {{- /* a comment */ -}}\n  {{- if ne . \"b\" }},{{ end -}}\n{{ end }}", """{"x":["a","b"]}"""));
        Assert.Equal("ab", Run("a{{/* c */}}b", "{}"));
    }

    [Theory]
    [InlineData("{{printf \"%s\" .kind}}", "function \"printf\" not supported")]
    [InlineData("{{define \"x\"}}{{end}}", "{{define}} is not supported")]
    [InlineData("{{template \"x\"}}", "{{template}} is not supported")]
    [InlineData("{{range .items}}", "unexpected EOF")]
    [InlineData("{{end}}", "unexpected {{end}}")]
    [InlineData("{{.kind", "unclosed action")]
    [InlineData("{{'x'}}", "character constants")]
    [InlineData("{{\"x}}", "unterminated quoted string")]
    [InlineData("{{(index .items 0}}", "unclosed left paren")]
    public void Unsupported_or_broken_templates_fail_to_parse(string template, string message)
    {
        var ex = Assert.Throws<TemplateException>(() => GoTemplate.Parse(template));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        Assert.StartsWith("template: output:1: ", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{{index .items 5}}", "error calling index: index out of range: 5")]
    [InlineData("{{.kind.name}}", "can't evaluate field name in type string")]
    [InlineData("{{range .kind}}{{end}}", "range can't iterate over List")]
    [InlineData("{{eq .kind 1}}", "incompatible types for comparison")]
    [InlineData("{{.kind .items}}", "can't give argument to non-function .kind")]
    [InlineData("{{$nope}}", "undefined variable: $nope")]
    public void Execution_errors_say_where(string template, string message)
    {
        var ex = Assert.Throws<TemplateException>(() => Run(template));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        Assert.StartsWith("template: output:1: executing \"output\"", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Output_flags_take_kubectls_spellings()
    {
        var data = JsonNode.Parse(Pods)!;
        const string names = "{{range .items}}{{.metadata.name}} {{end}}";
        Assert.Equal("nsmgr-abc client ", OutputFormat.Parse("go-template=" + names, null).Execute(data));
        Assert.Equal("nsmgr-abc client ", OutputFormat.Parse("go-template", names).Execute(data));
        Assert.Equal("nsmgr-abc client ", OutputFormat.Parse(null, names).Execute(data));
        Assert.Equal("nsmgr-abc client ", OutputFormat.Parse("template=" + names, null).Execute(data));
        Assert.Equal("nsmgr-abc client", OutputFormat.Parse("jsonpath={.items[*].metadata.name}", null).Execute(data));
        Assert.Equal("nsmgr-abc client", OutputFormat.Parse("jsonpath", "{.items[*].metadata.name}").Execute(data));
        Assert.True(OutputFormat.Parse("wide", null).IsTable);
        Assert.Equal("name", OutputFormat.Parse("name", null).Name);
        Assert.Contains("no template given", Assert.Throws<ManifestException>(() => OutputFormat.Parse("go-template", null)).Message, StringComparison.Ordinal);
        Assert.StartsWith("error: error parsing template {{.x", Assert.Throws<ManifestException>(() => OutputFormat.Parse("go-template={{.x", null)).Message, StringComparison.Ordinal);
        Assert.StartsWith("error: error executing template \"{{index .items 9}}\": template: output:1:", Assert.Throws<ManifestException>(() => OutputFormat.Parse("go-template={{index .items 9}}", null).Execute(data)).Message, StringComparison.Ordinal);
        Assert.Contains("allowed formats are", Assert.Throws<ManifestException>(() => OutputFormat.Parse("xml", null)).Message, StringComparison.Ordinal);
    }
}
