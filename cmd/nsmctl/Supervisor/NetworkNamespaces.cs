namespace Nsm.Cmd.Nsmctl.Supervisor;

/// <summary>
/// Pod network namespaces: named namespaces (bind-mounted under <c>/run/netns</c> by <c>ip netns add</c>), so no
/// keeper process is needed and <c>ip netns del</c> removes them together with every interface inside.
/// Every name carries the supervisor's prefix and is written to the ledger before it is made.
/// </summary>
internal sealed class NetworkNamespaces(Ledger ledger)
{
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
    }
}
