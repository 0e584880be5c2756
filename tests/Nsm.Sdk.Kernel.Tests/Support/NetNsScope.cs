using Nsm.Sdk.Kernel.Namespaces;
using Nsm.Sdk.Kernel.Netlink;

namespace Nsm.Sdk.Kernel.Tests.Support;

/// <summary>
/// Creates uniquely named test namespaces (<c>nsmt-XXXXXX</c>) and netlink handles in them, and removes all of
/// them on dispose, then checks that <c>ip netns list</c> no longer shows them.
/// </summary>
internal sealed class NetNsScope : IAsyncDisposable
{
    private readonly List<NetNs> _namespaces = [];
    private readonly List<NetlinkHandle> _handles = [];

    public static string UniqueName(string prefix = "nsmt-") => prefix + Guid.NewGuid().ToString("N")[..6];

    /// <summary>A namespace plus a handle in it; loopback is brought up.</summary>
    public async Task<(NetNs Ns, NetlinkHandle Nl)> CreateAsync()
    {
        var ns = await NetNs.CreateAsync(UniqueName());
        _namespaces.Add(ns);
        var nl = await ns.OpenNetlinkAsync();
        _handles.Add(nl);
        await nl.SetLinkUpAsync("lo");
        return (ns, nl);
    }

    public IReadOnlyList<string> Names => _namespaces.Select(n => n.DisplayName).ToList();

    public async ValueTask DisposeAsync()
    {
        foreach (var h in _handles)
        {
            h.Dispose();
        }

        foreach (var ns in _namespaces)
        {
            var name = ns.DisplayName;
            ns.Dispose();
            if (NetNs.Exists(name))
            {
                NetNs.Delete(name);
            }
        }

        var (_, list, _) = await Shell.RunAsync("ip", "netns", "list");
        foreach (var ns in _namespaces)
        {
            Assert.DoesNotContain(ns.DisplayName, list, StringComparison.Ordinal);
        }
    }
}
