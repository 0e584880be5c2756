namespace Nsm.Images.Tests;

/// <summary>
/// A fact that needs a working docker (client and daemon). Skipped, with the reason, only when docker cannot run at all;
/// scripts/test.sh installs Debian's docker.io and starts the daemon (scripts/docker.sh), so in CI it always runs.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class DockerFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> WhyNot = new(Probe);

    public DockerFactAttribute()
    {
        if (WhyNot.Value is { } reason)
        {
            Skip = $"docker cannot run here ({reason}); scripts/docker.sh installs and starts it (as root)";
        }
    }

    private static string? Probe()
    {
        var info = DockerCli.RunAsync(["info", "--format", "{{.ServerVersion}}"], TimeSpan.FromSeconds(30), CancellationToken.None)
            .GetAwaiter().GetResult();
        return info.Ok ? null : info.Error.Split('\n')[0];
    }
}
