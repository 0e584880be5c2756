using System.Text.Json.Nodes;
using Nsm.Cmd.Nsmctl.Output.Templates;

namespace Nsm.E2E.Tests.Nsmctl;

/// <summary>nsmctl's JSONPath (kubectl's <c>-o jsonpath</c>, client-go's dialect), in process.</summary>
public sealed class JsonPathTests
{
    private const string Pods = """
        {"kind":"List","items":[
          {"metadata":{"name":"nsmgr-abc","labels":{"app":"nsmgr","app.kubernetes.io/name":"nsm"}},"spec":{"containers":[{"name":"nsmgr","ports":[{"containerPort":5001}]}]},"status":{"phase":"Running","podIP":"10.0.0.7"}},
          {"metadata":{"name":"client","labels":{"app":"alpine"}},"spec":{"containers":[{"name":"alpine"}]},"status":{"phase":"Pending","podIP":null}}]}
        """;

    private static string Run(string template) => JsonPath.Parse(template).Execute(JsonNode.Parse(Pods));

    [Theory]
    [InlineData("{.items[*].metadata.name}", "nsmgr-abc client")]
    [InlineData("{range .items[*]}{.metadata.name}{\"\\n\"}{end}", "nsmgr-abc\nclient\n")]
    [InlineData("{range .items[*]}{.metadata.name}{'\\t'}{.status.phase}{\"\\n\"}{end}", "nsmgr-abc\tRunning\nclient\tPending\n")]
    [InlineData("{.items[0].status.podIP}", "10.0.0.7")]
    [InlineData("{.items[1].status.podIP}", "")]
    [InlineData("{.items[-1].metadata.name}", "client")]
    [InlineData("{.items[0:1].metadata.name}", "nsmgr-abc")]
    [InlineData("{.items[0,1].status.phase}", "Running Pending")]
    [InlineData("{.items[?(@.status.phase==\"Running\")].metadata.name}", "nsmgr-abc")]
    [InlineData("{.items[?(@.status.phase!='Running')].metadata.name}", "client")]
    [InlineData("{.items[?(@.status.podIP)].metadata.name}", "nsmgr-abc")]
    [InlineData("{.items[*].spec.containers[?(@.ports[0].containerPort>=5001)].name}", "nsmgr")]
    [InlineData("{.items[0].metadata.labels}", "{\"app\":\"nsmgr\",\"app.kubernetes.io/name\":\"nsm\"}")]
    [InlineData("{.items[0].metadata.labels.app\\.kubernetes\\.io/name}", "nsm")]
    [InlineData("{.items[0].metadata.labels['app.kubernetes.io/name']}", "nsm")]
    [InlineData("{..containerPort}", "5001")]
    [InlineData("{$.kind} {@.kind}", "List List")]
    [InlineData("{.items[*].metadata.nothing}", "")]
    [InlineData("kind={.kind}", "kind=List")]
    public void Paths_print_as_kubectl(string template, string expected) => Assert.Equal(expected, Run(template));

    [Theory]
    [InlineData("{.items[0]", "unclosed action")]
    [InlineData("{end}", "not in range")]
    [InlineData("{range .items[*]}{.kind}", "no {end}")]
    [InlineData("{.items[x]}", "invalid array index")]
    [InlineData("{.items[?(@.a=~\"x\")]}", "not supported")]
    [InlineData("{#}", "unrecognized character")]
    public void Broken_templates_fail_to_parse(string template, string message) =>
        Assert.Contains(message, Assert.Throws<TemplateException>(() => JsonPath.Parse(template)).Message, StringComparison.Ordinal);

    [Fact]
    public void Index_past_the_end_is_an_error() =>
        Assert.Equal("array index out of bounds: index 5, length 2", Assert.Throws<TemplateException>(() => Run("{.items[5].metadata.name}")).Message);
}
