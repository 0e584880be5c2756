using System.Diagnostics;
using Nsm.Sdk.Kernel.Namespaces;
using Nsm.Sdk.Kernel.Tests.Support;

namespace Nsm.Sdk.Kernel.Tests;

public class NetNsTests
{
    private static ulong ThreadNamespaceInode() => NetNsInode.Read("/proc/thread-self/ns/net")!.Value;

    [Fact]
    public async Task Created_namespace_is_visible_to_ip_and_opens_by_name_path_and_url()
    {
        await using var scope = new NetNsScope();
        var (ns, _) = await scope.CreateAsync();

        var (_, list, _) = await Shell.RunAsync("ip", "netns", "list");
        Assert.Contains(ns.DisplayName, list, StringComparison.Ordinal);
        using var byName = NetNs.OpenByName(ns.DisplayName);
        using var byUrl = NetNs.OpenFromUrl($"file:///run/netns/{ns.DisplayName}");
        using var byInodeUrl = NetNs.OpenFromUrl($"inode://4/{ns.Inode}");
        Assert.True(byName.IsSame(ns));
        Assert.True(byUrl.IsSame(ns));
        Assert.True(byInodeUrl.IsSame(ns));
        Assert.NotEqual(ThreadNamespaceInode(), ns.Inode);
    }

    [Fact]
    public async Task RunIn_executes_inside_the_namespace_and_leaves_the_caller_alone()
    {
        await using var scope = new NetNsScope();
        var (ns, _) = await scope.CreateAsync();
        var before = ThreadNamespaceInode();

        var inside = await ns.RunInAsync(ThreadNamespaceInode);
        await ns.WriteSysctlAsync("net.ipv4.ip_forward", "1");

        Assert.Equal(ns.Inode, inside);
        Assert.Equal(before, ThreadNamespaceInode());
        Assert.Equal("1", await ns.ReadSysctlAsync("net/ipv4/ip_forward"));
        var hostForward = await File.ReadAllTextAsync("/proc/sys/net/ipv4/ip_forward");
        Assert.Equal(before, ThreadNamespaceInode());
        Assert.NotNull(hostForward);
    }

    [Fact]
    public async Task Opens_by_pid_and_by_inode_of_a_process_inside_the_namespace()
    {
        await using var scope = new NetNsScope();
        var (ns, _) = await scope.CreateAsync();
        using var sleeper = Process.Start("ip", ["netns", "exec", ns.DisplayName, "sleep", "30"]);
        try
        {
            var pid = await WaitForChildInNamespaceAsync(ns.Inode);
            using var byPid = NetNs.OpenByPid(pid);
            using var byProcUrl = NetNs.OpenFromUrl($"file:///proc/{pid}/ns/net");
            Assert.True(byPid.IsSame(ns));
            Assert.True(byProcUrl.IsSame(ns));
            Assert.NotNull(NetNsInode.FindPath(ns.Inode));
        }
        finally
        {
            sleeper.Kill();
            await sleeper.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Thread_pool_threads_stay_in_the_process_namespace_after_many_namespace_operations()
    {
        await using var scope = new NetNsScope();
        var (ns, _) = await scope.CreateAsync();
        var home = NetNsInode.Read("/proc/self/ns/net")!.Value;

        await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => ns.RunInAsync(ThreadNamespaceInode)));
        var seen = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(ThreadNamespaceInode)));

        Assert.All(seen, inode => Assert.Equal(home, inode));
    }

    [Fact]
    public async Task Bad_namespaces_give_clear_exceptions()
    {
        var name = NetNsScope.UniqueName();

        var open = Assert.Throws<NetNsException>(() => NetNs.OpenByName(name));
        Assert.Equal($"netns open /run/netns/{name}: No such file or directory (ENOENT)", open.Message);
        var inode = Assert.Throws<NetNsException>(() => NetNs.OpenByInode(12345));
        Assert.Contains("inode 12345", inode.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => NetNs.OpenFromUrl("http://x/y"));
        Assert.Throws<NetNsException>(() => NetNs.Open("/etc/hostname"));
        Assert.Throws<NetNsException>(() => NetNs.Delete(name));

        await using var scope = new NetNsScope();
        var (ns, _) = await scope.CreateAsync();
        var dup = await Assert.ThrowsAsync<NetNsException>(() => NetNs.CreateAsync(ns.DisplayName));
        Assert.Equal($"netns add {ns.DisplayName}: File exists (EEXIST)", dup.Message);
    }

    private static async Task<int> WaitForChildInNamespaceAsync(ulong inode)
    {
        for (var i = 0; i < 100; i++)
        {
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                var name = Path.GetFileName(dir);
                if (int.TryParse(name, out var pid) && NetNsInode.Read(dir + "/ns/net") == inode)
                {
                    return pid;
                }
            }

            await Task.Delay(20);
        }

        throw new TimeoutException("no process entered the namespace");
    }
}
