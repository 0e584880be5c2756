using System.CommandLine;
using System.Text.Json.Nodes;
using Nsm.Cmd.Nsmctl.Manifests;

namespace Nsm.Cmd.Nsmctl.Cli;

/// <summary><c>nsmctl wait --for=condition=ready pod -l SEL [--field-selector SEL] | pod/NAME [-n NS] --timeout=60s</c>, and <c>--for=delete</c>.</summary>
internal static class WaitCommand
{
    public static Command Create()
    {
        var target = new Argument<string[]>("target") { Arity = ArgumentArity.OneOrMore, Description = "pod NAME…, pod/NAME or pod with -l" };
        var forOption = new Option<string>("--for") { Description = "condition=ready (or condition=Ready) or delete", Required = true };
        var ns = GlobalOptions.Namespace();
        var all = GlobalOptions.AllNamespaces();
        var selector = GlobalOptions.Selector();
        var fields = GlobalOptions.FieldSelector();
        var timeout = new Option<string>("--timeout") { Description = "How long to wait (default 30s)", DefaultValueFactory = _ => "30s" };
        var command = new Command("wait", "Wait for pods to be ready (or deleted)") { target, forOption, ns, all, selector, fields, timeout };
        command.SetAction((parse, ct) => CliRun.GuardAsync(async () =>
        {
            var context = new CliContext(parse);
            var words = parse.GetValue(target)!;
            var (kind, name) = GetCommand.ParseKind(words[0]);
            if (kind != ResourceKind.Pod && kind != ResourceKind.Deployment)
            {
                throw new ManifestException("error: nsmctl waits for pods and deployments");
            }

            var names = words.Skip(1).Concat(name is null ? [] : [name]).ToList();
            var sel = parse.GetValue(selector);
            var fieldSel = FieldSelector.Parse(parse.GetValue(fields));
            if (names.Count == 0 && sel is null && fieldSel.IsEmpty && !parse.GetValue(all))
            {
                throw new ManifestException("error: resource(s) were provided, but no name was specified");
            }

            var condition = parse.GetValue(forOption)!.ToLowerInvariant();
            var forDelete = condition == "delete";
            if (!forDelete && condition is not ("condition=ready" or "condition=available"))
            {
                throw new ManifestException($"error: unsupported condition {condition} (condition=ready, condition=available, delete)");
            }

            var ns1 = parse.GetValue(all) ? null : parse.GetValue(ns) ?? "default";
            var limit = Duration.Parse(parse.GetValue(timeout)!);
            var last = new List<JsonObject>();
            var ok = await UntilAsync(context, ns1, sel, fieldSel, limit, pods =>
            {
                var chosen = kind == ResourceKind.Pod
                    ? pods.Where(p => names.Count == 0 || names.Contains(Json.String(p["metadata"]?["name"]) ?? "")).ToList()
                    : pods.Where(p => names.Contains(Json.String(p["metadata"]?["ownerReferences"]?[0]?["name"]) ?? "")).ToList();
                last = chosen;
                return forDelete ? chosen.Count == 0 : chosen.Count > 0 && chosen.All(IsReady) && (kind != ResourceKind.Pod || names.All(n => chosen.Any(p => Json.String(p["metadata"]?["name"]) == n)));
            }, ct);
            if (!ok)
            {
                var what = last.Count > 0 ? string.Join(", ", last.Where(p => !IsReady(p)).Select(p => "pods/" + Json.String(p["metadata"]?["name"]))) : names.Count > 0 ? string.Join(", ", names.Select(n => $"{kind.Plural}/{n}")) : "pods";
                throw new ManifestException($"error: timed out waiting for the condition on {what}");
            }

            foreach (var p in kind == ResourceKind.Pod ? last.Select(p => "pod/" + Json.String(p["metadata"]?["name"])) : names.Select(n => kind.Ref(n)))
            {
                Console.Out.WriteLine(forDelete ? $"{p} deleted" : $"{p} condition met");
            }

            return 0;
        }));
        return command;
    }

    public static bool IsReady(JsonObject pod) =>
        Json.Objects(pod["status"]?["conditions"]).Any(c => Json.String(c["type"]) == "Ready" && Json.String(c["status"]) == "True");

    /// <summary>Polls the pods (of a namespace, or all) until <paramref name="done"/> holds or the time is up.</summary>
    public static async Task<bool> UntilAsync(CliContext context, string? ns, string? selector, FieldSelector fields, TimeSpan limit, Func<List<JsonObject>, bool> done, CancellationToken ct)
    {
        var until = context.Time.GetUtcNow() + limit;
        while (true)
        {
            var pods = await GetCommand.FetchAsync(context, ResourceKind.Pod, ns, [], selector, fields, ct);
            if (done(pods))
            {
                return true;
            }

            if (context.Time.GetUtcNow() >= until)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), context.Time, ct);
        }
    }
}
