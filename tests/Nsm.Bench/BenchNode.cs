using System.Text.Json.Nodes;

namespace Nsm.Bench;

/// <summary>What the nsmctl sections share about their node: waiting for pods, finding their namespaces, and what <c>down</c> left.</summary>
internal static class BenchNode
{
    /// <summary><c>nsmctl wait --for=condition=ready</c> in <paramref name="ns"/>, up to two minutes (the first also waits for the node).</summary>
    public static async Task WaitReadyAsync(NsmctlCli ctl, string ns, CancellationToken ct, params string[] what)
    {
        string[] args = ["wait", "--for=condition=ready", "--timeout=2m", "-n", ns, .. what];
        var (code, _, error) = await ctl.RunAsync(TimeSpan.FromMinutes(2.5), ct, args);
        if (code != 0)
        {
            throw new InvalidOperationException($"nsmctl {string.Join(' ', args)} exited {code}: {error.Trim()} (state and logs: {ctl.State})");
        }
    }

    /// <summary>The path of a pod's network namespace (<c>.status.networkNamespace</c>).</summary>
    public static async Task<string> PodNetnsAsync(NsmctlCli ctl, string ns, CancellationToken ct, params string[] what)
    {
        string[] args = ["get", .. what, "-n", ns];
        if (!args.Any(a => a.StartsWith("jsonpath=", StringComparison.Ordinal)))
        {
            args = [.. args, "-o", "jsonpath={.status.networkNamespace}"];
        }

        var path = (await ctl.OkAsync(ct, args)).Trim();
        return File.Exists(path) ? path : throw new InvalidOperationException($"nsmctl {string.Join(' ', args)}: '{path}' is not a network namespace");
    }

    /// <summary>The supervisor's id (its namespaces are named after it), or null before the node started.</summary>
    public static string? SupervisorId(NsmctlCli ctl)
    {
        var file = Path.Combine(ctl.State, "supervisor.json");
        return File.Exists(file) ? JsonNode.Parse(File.ReadAllText(file))?["id"]?.GetValue<string>() : null;
    }

    /// <summary>What <c>down</c> left: namespaces named after the node and processes that name its state folder; new links in the root namespace (informative: other work on the machine makes links too).</summary>
    public static void Leftovers(Report report, string section, NsmctlCli ctl, string? id, HashSet<string> linksBefore)
    {
        List<string> netns = id is null || !Directory.Exists("/run/netns") ? [] : [.. Directory.GetFiles("/run/netns", id + "-*").Select(f => Path.GetFileName(f))];
        var processes = new List<string>();
        foreach (var proc in Directory.GetDirectories("/proc").Where(p => int.TryParse(Path.GetFileName(p), out var pid) && pid != Environment.ProcessId))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(proc, "cmdline")).Contains(ctl.State, StringComparison.Ordinal)
                    || File.ReadAllText(Path.Combine(proc, "environ")).Contains(ctl.State, StringComparison.Ordinal))
                {
                    processes.Add(Path.GetFileName(proc));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process ended meanwhile.
            }
        }

        var links = RootLinks().Except(linksBefore).ToList();
        var count = netns.Count + processes.Count;
        report.Add(new Row(section, "left after down: node namespaces + processes", count, "", "0", count == 0,
            $"namespaces {id}-*: [{string.Join(", ", netns)}]; processes naming {ctl.State}: [{string.Join(", ", processes)}]; new root-namespace links (anyone's): [{string.Join(", ", links)}]"));
    }

    /// <summary>The links of the root namespace.</summary>
    public static HashSet<string> RootLinks() => Directory.Exists("/sys/class/net") ? [.. Directory.GetFileSystemEntries("/sys/class/net").Select(d => Path.GetFileName(d))] : [];
}
