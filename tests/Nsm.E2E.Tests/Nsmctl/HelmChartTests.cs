using System.Diagnostics;

namespace Nsm.E2E.Tests.Nsmctl;

/// <summary>
/// The Helm chart, rendered with the guide's install line (<c>--set forwarder.vpp.enabled=true --set
/// forwarder.kernel.enabled=false</c>), applied with nsmctl: its registry, nsmgr, forwarder and admission webhook
/// replace the built-in control plane and carry the guide's Simple L3 check.
/// </summary>
public sealed class HelmChartTests(ProgramsFixture programs) : IClassFixture<ProgramsFixture>
{
    [HelmRootFact]
    public async Task The_chart_rendered_with_the_guides_values_runs_under_nsmctl_and_carries_Simple_L3()
    {
        await using var nsmctl = new Nsmctl(programs);
        var rendered = Path.Combine(nsmctl.State + "-chart.yaml");
        await File.WriteAllTextAsync(rendered, await RenderAsync(
            Path.Combine(nsmctl.Root, "deploy", "helm", "nsm"), "--set", "forwarder.vpp.enabled=true", "--set", "forwarder.kernel.enabled=false"));
        try
        {
            var applied = await nsmctl.OkAsync("apply", "-f", rendered);
            Assert.Contains("daemonset.apps/forwarder-vpp created", applied, StringComparison.Ordinal);
            foreach (var app in new[] { "nsm-registry", "nsmgr", "forwarder-vpp", "admission-webhook-k8s" })
            {
                await nsmctl.OkAsync("wait", "--for=condition=ready", "--timeout=1m", "pod", "-l", $"app={app}", "-n", "nsm-system");
            }

            await nsmctl.OkAsync("apply", "-f", Path.Combine(nsmctl.Root, "examples", "guide", "simple-l3"));
            await nsmctl.OkAsync("wait", "--for=condition=ready", "pod", "client", "--timeout=2m");
            await nsmctl.OkAsync("exec", "client", "--", "ping", "-c", "2", "-W", "3", "10.100.1.1");
            Assert.Contains("forwarder-vpp-", await nsmctl.OkAsync("explain", "client"), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(rendered);
        }
    }

    private static async Task<string> RenderAsync(string chart, params string[] values)
    {
        var info = new ProcessStartInfo(HelmBinary.Path!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])["template", "nsm", chart, "--namespace", "nsm-system", .. values])
        {
            info.ArgumentList.Add(a);
        }

        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await p.WaitForExitAsync(timeout.Token);
        Assert.True(p.ExitCode == 0, "helm template failed: " + await stderr);
        return await stdout;
    }
}

/// <summary>Where scripts/helm.sh put helm (or helm on the PATH).</summary>
internal static class HelmBinary
{
    public static string? Path { get; } = Find();

    private static string? Find()
    {
        var home = Environment.GetEnvironmentVariable("HOME");
        string[] dirs = ["/var/cache/nsm-tools", .. home is null ? [] : new[] { System.IO.Path.Combine(home, ".cache", "nsm-tools") }];
        var installed = dirs.Select(d => System.IO.Path.Combine(d, "bin", "helm")).FirstOrDefault(File.Exists);
        return installed ?? (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => System.IO.Path.Combine(d, "helm")).FirstOrDefault(File.Exists);
    }
}

/// <summary>A <see cref="RootFactAttribute"/> that also needs helm (scripts/helm.sh installs it).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class HelmRootFactAttribute : FactAttribute
{
    public HelmRootFactAttribute()
    {
        Skip = new RootFactAttribute().Skip ?? (HelmBinary.Path is null ? "needs helm (scripts/helm.sh installs it)" : null);
    }
}
