namespace Nsm.Images.Tests;

/// <summary>One container started with <c>docker run -d</c>; disposing it removes it (<c>docker rm -f</c>).</summary>
internal sealed class Container : IAsyncDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    private Container(string name) => Name = name;

    /// <summary>Gets the container's name (unique per test run).</summary>
    public string Name { get; }

    /// <summary>Starts <paramref name="image"/> detached with the extra <c>docker run</c> options.</summary>
    public static async Task<Container> RunAsync(string image, IEnumerable<string> options, CancellationToken cancellationToken)
    {
        var container = new Container($"nsm-images-test-{Guid.NewGuid():N}"[..28]);
        var run = await DockerCli.RunAsync(["run", "-d", "--name", container.Name, .. options, image], CommandTimeout, cancellationToken);
        if (!run.Ok)
        {
            await container.DisposeAsync();
            Assert.Fail($"docker run {image} failed: {run}");
        }

        return container;
    }

    /// <summary>What the program printed so far (stdout and stderr).</summary>
    public async Task<string> LogsAsync(CancellationToken cancellationToken)
    {
        var logs = await DockerCli.RunAsync(["logs", Name], CommandTimeout, cancellationToken);
        return $"{logs.Output}\n{logs.Error}".Trim();
    }

    /// <summary>Completes with the program's exit code when the container stops (<c>docker wait</c>).</summary>
    public async Task<string> WaitForExitAsync(CancellationToken cancellationToken)
    {
        var wait = await DockerCli.RunAsync(["wait", Name], Timeout.InfiniteTimeSpan, cancellationToken);
        return wait.Ok ? $"exit code {wait.Output}" : wait.ToString();
    }

    /// <summary>Sends SIGTERM (then SIGKILL after <paramref name="grace"/>) and returns the program's exit code.</summary>
    public async Task<int> StopAsync(TimeSpan grace, CancellationToken cancellationToken)
    {
        var seconds = ((int)grace.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var stop = await DockerCli.RunAsync(["stop", "-t", seconds, Name], CommandTimeout + grace, cancellationToken);
        Assert.True(stop.Ok, $"docker stop failed: {stop}");
        var inspect = await DockerCli.RunAsync(["inspect", "-f", "{{.State.ExitCode}}", Name], CommandTimeout, cancellationToken);
        Assert.True(inspect.Ok, $"docker inspect failed: {inspect}");
        return int.Parse(inspect.Output, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>SIGTERM to PID 1: asserts that the program's host stops and exits 0 within the grace time (20 s).</summary>
    public async Task AssertStopsCleanlyAsync(CancellationToken cancellationToken)
    {
        var exitCode = await StopAsync(TimeSpan.FromSeconds(20), cancellationToken);
        Assert.True(exitCode == 0, $"exit code {exitCode} after SIGTERM; the container's log:\n{await LogsAsync(cancellationToken)}");
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() =>
        await DockerCli.RunAsync(["rm", "-f", Name], CommandTimeout, CancellationToken.None);
}
