using System.Text.Json.Nodes;

namespace Nsm.E2E.Tests.Nsmctl;

/// <summary>
/// A Deployment's rolling replacement: a changed pod template makes a new pod, which is Ready (here: connected)
/// before the old one is deleted, so the service's connections never drop to zero; get deployments shows it. The
/// clients carry the guide's <c>app: client</c>: the guide's NetworkService selects only those (which of its two
/// registrations, nsmctl's with the matches or the NSE's bare one, lands last is a race).
/// </summary>
public sealed class DeploymentTests(ProgramsFixture programs) : IClassFixture<ProgramsFixture>
{
    private const string Clients = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: clients
        spec:
          replicas: 1
          selector:
            matchLabels:
              app: client
          template:
            metadata:
              labels:
                app: client
            spec:
              containers:
              - name: nsc
                image: ghcr.io/networkservicemesh/cmd-nsc:v1.11.0
                env:
                - name: NSM_NETWORK_SERVICES
                  value: kernel://isolated-network/nsm-1
                - name: ROLLOUT
                  value: one
        """;

    [RootFact]
    public async Task A_changed_template_rolls_one_pod_at_a_time_and_connections_never_drop_to_zero()
    {
        await using var nsmctl = new Nsmctl(programs);
        await nsmctl.OkAsync("apply", "-f", Path.Combine(nsmctl.Root, "examples", "guide", "simple-l3", "1-networkservice.yaml"), "-f", Path.Combine(nsmctl.Root, "examples", "guide", "simple-l3", "2-nse-isolated.yaml"));
        var created = await nsmctl.RunWithInputAsync(Clients, "apply", "-f", "-");
        Assert.True(created.Code == 0, created.Out + created.Err);
        await nsmctl.OkAsync("wait", "--for=condition=ready", "pod", "-l", "app=client", "--timeout=120s");
        var first = Names(await Pods(nsmctl));
        var oldPod = Assert.Single(first);
        Assert.Matches(@"clients +1/1 +1 +1 ", await nsmctl.OkAsync("get", "deployments"));
        Assert.Equal(1, await ConnectionsAsync(nsmctl));

        var changed = await nsmctl.RunWithInputAsync(Clients.Replace("value: one", "value: two", StringComparison.Ordinal), "apply", "-f", "-");
        Assert.Contains("deployment.apps/clients configured", changed.Out, StringComparison.Ordinal);

        // Until the old pod is gone: it is deleted only after the new one is Ready, and a connection is always up.
        var until = DateTimeOffset.UtcNow + TimeSpan.FromMinutes(2);
        var sawBoth = false;
        while (true)
        {
            var pods = await Pods(nsmctl);
            var connections = await ConnectionsAsync(nsmctl);
            Assert.True(connections >= 1, $"connections dropped to {connections} during the rollout; pods: {string.Join(", ", Names(pods))}\n{nsmctl.Diagnostics()}");
            var fresh = pods.Where(p => Name(p) != oldPod).ToList();
            Assert.True(fresh.Count <= 1, "maxSurge 1: at most one new pod");
            if (pods.Any(p => Name(p) == oldPod))
            {
                sawBoth |= fresh.Count == 1;
            }
            else
            {
                Assert.True(fresh.Count == 1 && WaitCommandReady(fresh[0]), "the old pod went before the new one was Ready");
                break;
            }

            Assert.True(DateTimeOffset.UtcNow < until, "the rollout did not finish within 2 minutes\n" + nsmctl.Diagnostics());
        }

        Assert.True(sawBoth, "the new pod ran next to the old one");
        var newPod = (await Pods(nsmctl)).Single();
        Assert.NotEqual(oldPod, Name(newPod));
        var pid = newPod["status"]!["containerStatuses"]![0]!["pid"]!.GetValue<int>();
        Assert.Contains("ROLLOUT=two", File.ReadAllText($"/proc/{pid}/environ").Split('\0'));
        var deployments = await nsmctl.OkAsync("get", "deployments");
        Assert.Matches(@"clients +1/1 +1 +1 ", deployments);
        Assert.Equal(1, await ConnectionsAsync(nsmctl));
    }

    private static async Task<List<JsonObject>> Pods(Nsmctl nsmctl) =>
        JsonNode.Parse(await nsmctl.OkAsync("get", "pods", "-l", "app=client", "-o", "json"))!["items"]!.AsArray().OfType<JsonObject>().ToList();

    private static string Name(JsonObject pod) => pod["metadata"]!["name"]!.GetValue<string>();

    private static List<string> Names(IEnumerable<JsonObject> pods) => pods.Select(Name).ToList();

    private static bool WaitCommandReady(JsonObject pod) =>
        pod["status"]!["conditions"]!.AsArray().Any(c => c!["type"]!.GetValue<string>() == "Ready" && c["status"]!.GetValue<string>() == "True");

    /// <summary>The clients' connections to isolated-network in nsmgr's monitor (the guide's own client is not applied here).</summary>
    private static async Task<int> ConnectionsAsync(Nsmctl nsmctl) =>
        (await nsmctl.OkAsync("connections")).Split('\n').Count(l => l.Contains(" isolated-network ", StringComparison.Ordinal) && l.Contains(" Up", StringComparison.Ordinal));
}
