namespace Nsm.E2E.Tests.Nsmctl;

/// <summary>apply checks every document before anything is applied (no root needed: nothing starts).</summary>
public sealed class ManifestValidationTests(ProgramsFixture programs) : IClassFixture<ProgramsFixture>
{
    [Fact]
    public async Task Bad_document_is_named_and_nothing_starts()
    {
        await using var nsmctl = new Nsmctl(programs);
        const string yaml = """
            apiVersion: v1
            kind: Namespace
            metadata:
              name: ok-namespace
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: broken
            spec:
              selector:
                matchLabels:
                  app: broken
              template:
                metadata:
                  labels:
                    app: broken
                spec:
                  containers:
                  - name: nse
            ---
            apiVersion: example.com/v1
            kind: Widget
            metadata:
              name: w
            """;
        var (code, _, error) = await nsmctl.RunWithInputAsync(yaml, "apply", "-f", "-");
        Assert.Equal(1, code);
        Assert.Contains("document 1 (Deployment broken): spec.template.spec.containers[0].image: required", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(nsmctl.State, "nsmctl.sock")), "the supervisor must not start for an invalid apply");
    }

    [Fact]
    public async Task Missing_file_is_an_error()
    {
        await using var nsmctl = new Nsmctl(programs);
        var (code, _, error) = await nsmctl.RunAsync("apply", "-f", "/nonexistent/file.yaml");
        Assert.Equal(1, code);
        Assert.Contains("does not exist", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Guide_and_upstream_manifests_validate()
    {
        await using var nsmctl = new Nsmctl(programs);
        var guide = await nsmctl.OkAsync("apply", "--dry-run=client", "-f", Path.Combine(nsmctl.Root, "examples", "guide", "simple-l3"));
        Assert.Equal(
            "networkservice.networkservicemesh.io/isolated-network created (dry run)\ndeployment.apps/nse-isolated created (dry run)\npod/client created (dry run)\n",
            guide);
        var data = Path.Combine(nsmctl.Root, "tests", "Nsm.E2E.Tests", "Nsmctl", "data");
        var upstream = await nsmctl.OkAsync("apply", "--dry-run=client", "-f", Path.Combine(data, "kernel2kernel.yaml"));
        Assert.Contains("namespace/ns-kernel2kernel created (dry run)", upstream, StringComparison.Ordinal);
        var controlPlane = await nsmctl.OkAsync("apply", "--dry-run=client", "-f", Path.Combine(data, "nsm-system.yaml"));
        Assert.Contains("daemonset.apps/forwarder-vpp created (dry run)", controlPlane, StringComparison.Ordinal);
    }
}
