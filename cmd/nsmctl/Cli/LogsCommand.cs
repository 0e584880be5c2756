using System.CommandLine;
using System.Text.Json.Nodes;
using Nsm.Cmd.Nsmctl.Manifests;

namespace Nsm.Cmd.Nsmctl.Cli;

/// <summary><c>nsmctl logs POD|deployments/NAME [-c C] [-n NS] | -l SEL [--tail N] [--all-containers] [--prefix] [-f]</c>.</summary>
internal static class LogsCommand
{
    public static Command Create()
    {
        var pod = new Argument<string?>("pod") { Arity = ArgumentArity.ZeroOrOne };
        var ns = GlobalOptions.Namespace();
        var selector = GlobalOptions.Selector();
        var container = new Option<string?>("--container", "-c") { Description = "Container (default: the first)" };
        var all = new Option<bool>("--all-containers") { Description = "Every container's log" };
        var tail = new Option<int?>("--tail") { Description = "Last N lines (default: all; 10 per pod with -l)" };
        var prefix = new Option<bool>("--prefix") { Description = "Prefix lines with [pod/NAME/CONTAINER]" };
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new lines" };
        var command = new Command("logs", "Print a container's log") { pod, ns, selector, container, all, tail, prefix, follow };
        command.SetAction((parse, ct) => CliRun.GuardAsync(async () =>
        {
            var context = new CliContext(parse);
            var namespaceName = parse.GetValue(ns) ?? "default";
            List<JsonObject> pods;
            if (parse.GetValue(pod) is { } target)
            {
                var answer = await context.Client.CallAsync(new JsonObject { ["verb"] = "pod", ["namespace"] = namespaceName, ["target"] = target }, ct);
                pods = answer["pod"] is JsonObject p ? [p] : throw new ManifestException($"Error from server (NotFound): pods \"{target}\" not found");
            }
            else if (parse.GetValue(selector) is { } sel)
            {
                pods = await GetCommand.FetchAsync(context, ResourceKind.Pod, namespaceName, [], sel, ct);
                if (pods.Count == 0)
                {
                    await Console.Error.WriteLineAsync($"No resources found in {namespaceName} namespace.");
                    return 0;
                }
            }
            else
            {
                throw new ManifestException("error: expected POD or -l SELECTOR");
            }

            var lines = parse.GetValue(tail) ?? (parse.GetValue(pod) is null ? 10 : -1);
            var files = new List<(string Label, string Path)>();
            foreach (var p in pods)
            {
                var podName = Json.String(p["metadata"]?["name"]) ?? "";
                var names = Json.Objects(p["spec"]?["containers"]).Select(c => Json.String(c["name"]) ?? "").ToList();
                var chosen = parse.GetValue(all) ? names : parse.GetValue(container) is { } c ? [c] : names.Take(1).ToList();
                if (chosen.Any(c => !names.Contains(c)))
                {
                    throw new ManifestException($"error: container {chosen.First(c => !names.Contains(c))} is not valid for pod {podName}");
                }

                files.AddRange(chosen.Select(c => ($"[pod/{podName}/{c}] ", context.Layout.LogFile(namespaceName, podName, c))));
            }

            var withPrefix = parse.GetValue(prefix);
            var offsets = new long[files.Count];
            for (var i = 0; i < files.Count; i++)
            {
                offsets[i] = Print(files[i].Path, withPrefix ? files[i].Label : "", lines, 0);
            }

            while (parse.GetValue(follow) && !ct.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), context.Time, ct);
                for (var i = 0; i < files.Count; i++)
                {
                    offsets[i] = Print(files[i].Path, withPrefix ? files[i].Label : "", -1, offsets[i]);
                }
            }

            return 0;
        }));
        return command;
    }

    /// <summary>Prints the file from <paramref name="offset"/> (only the last <paramref name="tail"/> lines when ≥ 0); returns the new offset.</summary>
    private static long Print(string path, string prefix, int tail, long offset)
    {
        if (!File.Exists(path))
        {
            return offset;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Seek(offset, SeekOrigin.Begin);
        using var reader = new StreamReader(stream);
        var text = reader.ReadToEnd();
        var end = offset + System.Text.Encoding.UTF8.GetByteCount(text);
        var lines = text.Split('\n');
        var complete = lines.Take(lines.Length - 1);
        if (tail >= 0)
        {
            complete = complete.TakeLast(tail);
        }

        foreach (var line in complete)
        {
            Console.Out.WriteLine(prefix + line);
        }

        return end - System.Text.Encoding.UTF8.GetByteCount(lines[^1]);
    }
}
