using System.Diagnostics;

namespace Nsm.Helm.Tests;

/// <summary>The tools scripts/helm.sh installs (helm, node and the kubernetes-models validators), found where it puts them.</summary>
internal static class HelmTools
{
    private static readonly Lazy<string?> HelmPath = new(FindHelm);

    /// <summary>Gets the repository's root (the folder of Nsm.Sdk.sln).</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>Gets the chart's folder.</summary>
    public static string Chart => Path.Combine(RepoRoot, "deploy", "helm", "nsm");

    /// <summary>Gets helm's path, or null when there is none.</summary>
    public static string? Helm => HelmPath.Value;

    /// <summary>Gets the kubernetes-models package folder, or null when it is not installed.</summary>
    public static string? Models => ToolDirs()
        .Select(d => Path.Combine(d, "validator", "node_modules", "kubernetes-models"))
        .FirstOrDefault(Directory.Exists);

    /// <summary>Runs a program and waits for it (at most a minute).</summary>
    public static (int Exit, string Out, string Err) Run(string program, params string[] args)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{program} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(1)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} ran for over a minute");
        }

        return (process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    /// <summary>Runs helm, or fails the test when it is missing (facts that call this are <see cref="HelmFactAttribute"/>).</summary>
    public static (int Exit, string Out, string Err) RunHelm(params string[] args) =>
        Run(Helm ?? throw new InvalidOperationException("helm is not installed (scripts/helm.sh)"), args);

    /// <summary>Whether a program on PATH runs with these arguments.</summary>
    public static bool Runs(string program, params string[] args)
    {
        try
        {
            return Run(program, args).Exit == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private static IEnumerable<string> ToolDirs()
    {
        if (Environment.GetEnvironmentVariable("NSM_TOOLS_DIR") is { Length: > 0 } dir)
        {
            yield return dir;
        }

        yield return "/var/cache/nsm-tools";
        var home = Environment.GetEnvironmentVariable("HOME");
        if (!string.IsNullOrEmpty(home))
        {
            yield return Path.Combine(home, ".cache", "nsm-tools");
        }
    }

    private static string? FindHelm()
    {
        var installed = ToolDirs().Select(d => Path.Combine(d, "bin", "helm")).FirstOrDefault(File.Exists);
        if (installed is not null && Runs(installed, "version", "--short"))
        {
            return installed;
        }

        return Runs("helm", "version", "--short") ? "helm" : null;
    }

    private static string FindRepoRoot()
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
