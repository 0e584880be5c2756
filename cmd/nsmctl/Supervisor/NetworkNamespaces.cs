namespace Nsm.Cmd.Nsmctl.Supervisor;

/// <summary>
/// Pod network namespaces: named namespaces (bind-mounted under <c>/run/netns</c> by <c>ip netns add</c>), so no
/// keeper process is needed and <c>ip netns del</c> removes them together with every interface inside.
/// Every name carries the supervisor's prefix and is written to the ledger before it is made.
/// </summary>
internal sealed class NetworkNamespaces(Ledger ledger, IReadOnlyList<(string Name, System.Net.IPAddress Address)>? hostAliases = null)
{
    /// <summary>Where <c>ip netns exec</c> finds a namespace's own /etc files (it bind-mounts them over /etc).</summary>
    public static string EtcDir(string name) => "/etc/netns/" + name;

    public const string LedgerKind = "netns";

    public static string PathOf(string name) => "/run/netns/" + name;

    public async Task CreateAsync(string name, CancellationToken ct)
    {
        ledger.Add(LedgerKind, name);
        var (code, output) = await HostTool.RunAsync("ip", ["netns", "add", name], ct);
        if (code != 0)
        {
            throw new InvalidOperationException($"ip netns add {name}: {output.Trim()}");
        }

        if (hostAliases is { Count: > 0 })
        {
            // The machine's hosts file and the --add-host names: what the programs of this namespace resolve.
            Directory.CreateDirectory(EtcDir(name));
            var lines = File.Exists("/etc/hosts") ? await File.ReadAllTextAsync("/etc/hosts", ct) : "127.0.0.1 localhost\n";
            lines += "\n# nsmctl --add-host\n" + string.Concat(hostAliases.Select(a => $"{a.Address} {a.Name}\n"));
            await File.WriteAllTextAsync(Path.Combine(EtcDir(name), "hosts"), lines, ct);
        }

        (code, output) = await HostTool.RunAsync("ip", ["-n", name, "link", "set", "lo", "up"], ct);
        if (code != 0)
        {
            throw new InvalidOperationException($"ip -n {name} link set lo up: {output.Trim()}");
        }
    }

    public async Task DeleteAsync(string name)
    {
        await DeleteByNameAsync(name);
        ledger.Remove(LedgerKind, name);
    }

    public static async Task DeleteByNameAsync(string name)
    {
        if (File.Exists(PathOf(name)))
        {
            await HostTool.RunAsync("ip", ["netns", "del", name]);
        }

        if (Directory.Exists(EtcDir(name)))
        {
            Directory.Delete(EtcDir(name), recursive: true);
        }
    }
}
