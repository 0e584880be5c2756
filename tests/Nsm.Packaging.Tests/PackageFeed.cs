using System.Diagnostics;

namespace Nsm.Packaging.Tests;

/// <summary>
/// One folder feed for the class: every package packed once by scripts/pack.sh, and a scratch folder outside the
/// repository whose nuget.config reads only that feed and the machine's local package folders (no network), with its own
/// global packages folder, so the packed 0.x packages never land in the user's cache.
/// </summary>
public sealed class PackageFeed : IAsyncLifetime
{
    public PackageFeed()
    {
        Root = Directory.CreateTempSubdirectory("nsm-packaging-").FullName;
        Feed = Path.Combine(Root, "feed");
    }

    /// <summary>The repository (where Nsm.Sdk.sln is).</summary>
    public static string Repo { get; } = FindRepo();

    /// <summary>The scratch folder: projects made here are outside the repository's Directory.Build.* files.</summary>
    public string Root { get; }

    /// <summary>The folder feed with the packed .nupkg/.snupkg files.</summary>
    public string Feed { get; }

    /// <summary>The environment of dotnet in the scratch folder: NUGET_PACKAGES (which beats nuget.config) points at its own folder.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(Root, "packages") };

    /// <summary>How long the pack took.</summary>
    public TimeSpan PackTime { get; private set; }

    public async Task InitializeAsync()
    {
        var started = Stopwatch.GetTimestamp();
        await DotnetCli.RunAsync("bash", [Path.Combine(Repo, "scripts", "pack.sh"), Feed], Repo, TimeSpan.FromMinutes(15));
        PackTime = Stopwatch.GetElapsedTime(started);

        var home = System.Environment.GetEnvironmentVariable("HOME") ?? "/root";
        var cache = System.Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } p ? p : Path.Combine(home, ".nuget", "packages");
        var offline = "/opt/nuget/packages";
        await File.WriteAllTextAsync(Path.Combine(Root, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{Path.Combine(Root, "packages")}" />
              </config>
              <packageSources>
                <clear />
                <add key="nsm" value="{Feed}" />
                <add key="cache" value="{cache}" />
                {(Directory.Exists(offline) ? $"<add key=\"offline\" value=\"{offline}\" />" : string.Empty)}
              </packageSources>
              <packageSourceMapping>
                <packageSource key="nsm"><package pattern="Nsm.*" /></packageSource>
                <packageSource key="cache"><package pattern="*" /></packageSource>
                {(Directory.Exists(offline) ? "<packageSource key=\"offline\"><package pattern=\"*\" /></packageSource>" : string.Empty)}
              </packageSourceMapping>
            </configuration>
            """);

        // Stop MSBuild's upward search here: nothing above the scratch folder (wherever the temp folder is) takes part.
        await File.WriteAllTextAsync(Path.Combine(Root, "Directory.Build.props"), "<Project />\n");
        await File.WriteAllTextAsync(Path.Combine(Root, "Directory.Build.targets"), "<Project />\n");
        await File.WriteAllTextAsync(Path.Combine(Root, "Directory.Packages.props"), "<Project />\n");
    }

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }

        return Task.CompletedTask;
    }

    private static string FindRepo()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Nsm.Sdk.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Nsm.Sdk.sln not found above " + AppContext.BaseDirectory);
    }
}
