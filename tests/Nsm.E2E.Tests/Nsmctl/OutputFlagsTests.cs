namespace Nsm.E2E.Tests.Nsmctl;

/// <summary>
/// kubectl's output and selection flags through <c>nsmctl get</c>, as upstream's READMEs write them: the
/// <c>--template</c> and <c>-o go-template</c> spellings, <c>-o jsonpath</c>, <c>-o name</c>, <c>--field-selector</c>
/// (also on <c>wait</c>) and a repeated <c>-l</c> (the last counts), on the control plane's pods of a node of its own.
/// </summary>
public sealed class OutputFlagsTests(ProgramsFixture programs) : IClassFixture<ProgramsFixture>
{
    private const string Names = "{{range .items}}{{.metadata.name}}{{\"\\n\"}}{{end}}";

    [RootFact]
    public async Task Get_prints_templates_jsonpath_and_names_of_the_selected_pods()
    {
        await using var nsmctl = new Nsmctl(programs);
        await nsmctl.OkAsync("up");

        // Upstream: kubectl wait … pod -l app=nsmgr --field-selector spec.nodeName==${NODE} -n nsm-system, then the name.
        await nsmctl.OkAsync("wait", "--for=condition=ready", "--timeout=1m", "pod", "-l", "app=nsmgr", "--field-selector", "spec.nodeName==worker-1", "-n", "nsm-system");
        var nsmgr = (await nsmctl.OkAsync("get", "pods", "-l", "app=nsmgr", "--field-selector", "spec.nodeName==worker-1", "-n", "nsm-system", "--template", Names)).TrimEnd('\n');
        Assert.Matches("^nsmgr-[a-z0-9]+$", nsmgr);
        Assert.Equal(nsmgr + "\n", await nsmctl.OkAsync("get", "pods", "-l", "app=nsmgr", "-n", "nsm-system", "-o", "go-template", "--template=" + Names));
        Assert.Equal(nsmgr, await nsmctl.OkAsync("get", "pods", "-l", "app=nsmgr", "-n", "nsm-system", "-o", "go-template={{ (index .items 0).metadata.name }}"));
        Assert.Equal("worker-1\n", await nsmctl.OkAsync("get", "pods", "-l", "app=nsmgr", "-n", "nsm-system", "--template", "{{range .items}}{{.spec.nodeName}}{{\"\\n\"}}{{end}}"));
        Assert.Equal("127.0.0.1 Running", await nsmctl.OkAsync("get", "pod", nsmgr, "-n", "nsm-system", "-o", "go-template={{.status.podIP}} {{.status.phase}}"));
        Assert.Equal("", await nsmctl.OkAsync("get", "pods", "-n", "nsm-system", "--field-selector", "spec.nodeName==worker-2", "--template", Names));

        // -o name, -o jsonpath, and the field selector's operators and commas.
        Assert.Equal($"pod/{nsmgr}\n", await nsmctl.OkAsync("get", "pods", "-n", "nsm-system", "--field-selector", $"metadata.name={nsmgr},status.phase==Running", "-o", "name"));
        var others = await nsmctl.OkAsync("get", "pods", "-n", "nsm-system", "--field-selector", $"metadata.name!={nsmgr}", "-o", "name");
        Assert.Contains("pod/registry-", others, StringComparison.Ordinal);
        Assert.Contains("pod/forwarder-kernel-", others, StringComparison.Ordinal);
        Assert.DoesNotContain(nsmgr, others, StringComparison.Ordinal);
        var all = await nsmctl.OkAsync("get", "pods", "-A", "-o", "jsonpath={range .items[*]}{.metadata.namespace}/{.metadata.name}{\"\\n\"}{end}");
        Assert.Contains($"nsm-system/{nsmgr}\n", all, StringComparison.Ordinal);
        Assert.Equal(nsmgr, await nsmctl.OkAsync("get", "pods", "-n", "nsm-system", "-o", "jsonpath={.items[?(@.metadata.labels.app==\"nsmgr\")].metadata.name}"));

        // Upstream writes -l twice (-l app=nse-kernel -l version=new): the last one counts, as in kubectl.
        var registry = await nsmctl.OkAsync("get", "pods", "-n", "nsm-system", "-l", "app=nsmgr", "-l", "app=registry", "--template", Names);
        Assert.StartsWith("registry-", registry, StringComparison.Ordinal);
        Assert.DoesNotContain("nsmgr-", registry, StringComparison.Ordinal);
        Assert.Contains("Name:         " + nsmgr, await nsmctl.OkAsync("describe", "pods", "-n", "nsm-system", "--field-selector", "metadata.name=" + nsmgr), StringComparison.Ordinal);

        // Errors as kubectl's: exit 1, one line on stderr.
        var (code, output, error) = await nsmctl.RunAsync("get", "pods", "-n", "nsm-system", "--field-selector", "spec.replicas=1");
        Assert.Equal((1, ""), (code, output));
        Assert.Contains("field label not supported: spec.replicas", error, StringComparison.Ordinal);
        (code, _, error) = await nsmctl.RunAsync("get", "pods", "-n", "nsm-system", "-o", "go-template={{printf \"%s\" .kind}}");
        Assert.Equal(1, code);
        Assert.StartsWith("error: error parsing template", error, StringComparison.Ordinal);
        (code, _, error) = await nsmctl.RunAsync("get", "pods", "-n", "nsm-system", "-o", "jsonpath={.items[9].metadata.name}");
        Assert.Equal(1, code);
        Assert.Contains("array index out of bounds: index 9", error, StringComparison.Ordinal);
    }
}
