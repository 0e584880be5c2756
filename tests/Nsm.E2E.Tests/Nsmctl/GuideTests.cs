namespace Nsm.E2E.Tests.Nsmctl;

/// <summary>
/// The users' guide run as written (<c>examples/guide/</c> holds its YAML byte for byte): nsmctl applies the
/// section, then the guide's own checks run through nsmctl exec / get / describe / logs, and down leaves nothing.
/// </summary>
public sealed class GuideTests(ProgramsFixture programs) : IClassFixture<ProgramsFixture>
{
    [RootFact]
    public async Task Simple_L3_then_down_leaves_nothing()
    {
        var nsmctl = new Nsmctl(programs);
        string? id = null;
        int? pid = null;
        try
        {
            var applied = await nsmctl.OkAsync("apply", "-f", Path.Combine(nsmctl.Root, "examples", "guide", "simple-l3"));
            Assert.Contains("networkservice.networkservicemesh.io/isolated-network created", applied, StringComparison.Ordinal);
            Assert.Contains("deployment.apps/nse-isolated created", applied, StringComparison.Ordinal);
            Assert.Contains("pod/client created", applied, StringComparison.Ordinal);
            id = nsmctl.SupervisorId;
            pid = nsmctl.SupervisorPid;
            Assert.NotNull(id);
            await nsmctl.OkAsync("wait", "--for=condition=ready", "pod", "client", "--timeout=120s");

            // The guide: "kubectl exec -it client -- sh", then "ip addr show" shows nsm-1 with 10.100.1.2/24, "ping 10.100.1.1".
            var addresses = await nsmctl.OkAsync("exec", "client", "--", "ip", "addr", "show");
            Assert.Contains("nsm-1", addresses, StringComparison.Ordinal);
            Assert.Contains("inet 10.100.1.2/24", addresses, StringComparison.Ordinal);
            await nsmctl.OkAsync("exec", "-it", "client", "--", "ping", "-c", "3", "-W", "2", "10.100.1.1");
            var (shellCode, shellOut, _) = await nsmctl.RunWithInputAsync("ip route show\nexit 7\n", "exec", "-it", "client", "--", "sh");
            Assert.Equal(7, shellCode);
            Assert.Contains("10.100.1.0/24 dev nsm-1", shellOut, StringComparison.Ordinal);

            // NSM's own views: the connection, and the path hop by hop with both interfaces.
            var connections = await nsmctl.OkAsync("connections", "-o", "wide");
            Assert.Contains("isolated-network", connections, StringComparison.Ordinal);
            Assert.Contains("10.100.1.2/24", connections, StringComparison.Ordinal);
            var explained = await nsmctl.OkAsync("explain", "client");
            Assert.Contains("NSC", explained, StringComparison.Ordinal);
            Assert.Contains("forwarder", explained, StringComparison.Ordinal);
            Assert.Contains("Interface (client): nsm-1", explained, StringComparison.Ordinal);
            Assert.Contains("Interface (endpoint):", explained, StringComparison.Ordinal);
        }
        finally
        {
            var (code, output, error) = await nsmctl.RunAsync("down");
            Assert.True(code == 0, output + error);
        }

        Assert.False(Directory.Exists(nsmctl.State), "down removes the state folder");
        Assert.DoesNotContain(id!, Mesh.RunTool("ip", "netns list", TimeSpan.FromSeconds(10)), StringComparison.Ordinal);
        Assert.False(File.Exists($"/proc/{pid}/status") && File.ReadAllText($"/proc/{pid}/status").Contains("nsmctl", StringComparison.Ordinal), "the supervisor stopped");
        Assert.DoesNotContain(nsmctl.State, Mesh.RunTool("ps", "-eo args", TimeSpan.FromSeconds(10)), StringComparison.Ordinal);
    }

    /// <summary>
    /// The guide's "Monitoring and Troubleshooting" after its Simple L3: every command of
    /// <c>examples/guide/monitoring</c> as printed (kubectl → nsmctl; the <c>ip</c> lines typed into the shell that
    /// <c>exec -it client -- sh</c> opens), each answering what the guide's comment says it shows.
    /// </summary>
    [RootFact]
    public async Task Monitoring_and_troubleshooting_as_the_guide_prints_it()
    {
        await using var nsmctl = new Nsmctl(programs);
        await nsmctl.OkAsync("apply", "-f", Path.Combine(nsmctl.Root, "examples", "guide", "simple-l3"));
        await nsmctl.OkAsync("wait", "--for=condition=ready", "pod", "client", "--timeout=120s");
        await nsmctl.OkAsync("wait", "--for=condition=ready", "pod", "-l", "app=nse-isolated", "--timeout=60s");

        // What each command must show (every command of the section has an entry, so a changed guide fails here).
        var expected = new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            ["get pods -n nsm-system"] = ["forwarder-kernel-", "nsmgr-", "registry-"],
            ["logs -n nsm-system -l app=nsmgr"] = ["established", "service isolated-network, endpoint nse-isolated-"],
            ["logs -n nsm-system -l app=nsm-registry"] = ["Register nse-isolated-", "services isolated-network url unix://"],
            ["get networkservices"] = ["isolated-network", "IP"],
            ["describe networkservice isolated-network"] = ["Name:         isolated-network", "destinationSelector", "destination: 10.100.1.0/24"],
            ["get pods -l app=nse-isolated -o wide"] = ["nse-isolated-", "1/1", "Running", "worker-1"],
            ["exec -it client -- sh"] = ["nsm-1", "inet 10.100.1.2/24", "10.100.1.0/24 dev nsm-1", "table local"],
            ["ip addr show"] = ["lo:", "nsm-1", "inet 10.100.1.2/24"],
            ["ip route show"] = ["10.100.1.0/24 dev nsm-1"],
            ["ip route show table all"] = ["10.100.1.0/24 dev nsm-1", "local 10.100.1.2 dev nsm-1 table local"],
        };
        var commands = GuideCommands(Path.Combine(nsmctl.Root, "examples", "guide", "monitoring"));
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), commands.Select(c => c.Command).Order(StringComparer.Ordinal));
        foreach (var (command, typedInto) in commands)
        {
            string output;
            if (typedInto is null)
            {
                var words = command.Split(' ');
                if (words[0] == "exec")
                {
                    // The interactive shell, fed the lines the guide types into it.
                    var typed = string.Join("\n", commands.Where(c => c.TypedInto == command).Select(c => c.Command)) + "\nexit\n";
                    var (code, stdout, stderr) = await nsmctl.RunWithInputAsync(typed, words);
                    Assert.True(code == 0, stdout + stderr);
                    output = stdout;
                }
                else
                {
                    output = await nsmctl.OkAsync(words);
                }
            }
            else
            {
                // The same line on its own, as exec runs it.
                output = await nsmctl.OkAsync(["exec", "client", "--", .. command.Split(' ')]);
            }

            foreach (var text in expected[command])
            {
                Assert.True(output.Contains(text, StringComparison.Ordinal), $"'{command}' should show '{text}':\n{output}\n{nsmctl.Diagnostics()}");
            }
        }

        // Every component of the node is Ready.
        var system = await nsmctl.OkAsync("get", "pods", "-n", "nsm-system");
        Assert.All(system.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1), row => Assert.Contains(" 1/1 ", row, StringComparison.Ordinal));
    }

    /// <summary>The section's commands in order: kubectl lines (without "kubectl"), and lines typed into the shell an exec opened.</summary>
    private static List<(string Command, string? TypedInto)> GuideCommands(string folder)
    {
        var commands = new List<(string, string?)>();
        foreach (var file in Directory.GetFiles(folder, "*.sh").Order(StringComparer.Ordinal))
        {
            string? shell = null;
            foreach (var line in File.ReadAllLines(file).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')))
            {
                if (line.StartsWith("kubectl ", StringComparison.Ordinal))
                {
                    var command = line["kubectl ".Length..];
                    commands.Add((command, null));
                    shell = command.EndsWith("-- sh", StringComparison.Ordinal) ? command : null;
                }
                else
                {
                    Assert.True(shell is not null, $"{file}: '{line}' is neither kubectl nor typed into an exec'd shell");
                    commands.Add((line, shell));
                }
            }
        }

        return commands;
    }
}
