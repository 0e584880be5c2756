using System.Globalization;

namespace Nsm.Sdk.Kernel.Namespaces;

/// <summary>Finds and parses network-namespace inode numbers.</summary>
public static class NetNsInode
{
    /// <summary>Reads the inode of the namespace file at <paramref name="path"/>, or null if it is not a network namespace.</summary>
    /// <param name="path">A symlink such as <c>/proc/PID/ns/net</c>, or a bind-mounted nsfs file.</param>
    public static ulong? Read(string path)
    {
        try
        {
            var target = new FileInfo(path).LinkTarget;
            if (target is not null)
            {
                return FromLinkTarget(target);
            }

            using var ns = NetNs.Open(path);
            return ns.Inode;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or KernelException)
        {
            return null;
        }
    }

    /// <summary>
    /// Finds a path for namespace <paramref name="inode"/>: first a process's <c>/proc/PID/ns/net</c>,
    /// then a named namespace under <c>/run/netns</c>. Null when none is found.
    /// </summary>
    /// <param name="inode">The namespace inode.</param>
    public static string? FindPath(ulong inode)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            var pid = dir.AsSpan(6);
            if (pid.IsEmpty || !char.IsAsciiDigit(pid[0]))
            {
                continue;
            }

            var path = dir + "/ns/net";
            if (Read(path) == inode)
            {
                return path;
            }
        }

        if (Directory.Exists(NetNs.RunDir))
        {
            foreach (var file in Directory.EnumerateFiles(NetNs.RunDir))
            {
                if (Read(file) == inode)
                {
                    return file;
                }
            }
        }

        return null;
    }

    /// <summary>Parses <c>net:[4026531840]</c>; null for anything else.</summary>
    internal static ulong? FromLinkTarget(string? target)
    {
        if (target is null || !target.StartsWith("net:[", StringComparison.Ordinal) || !target.EndsWith(']'))
        {
            return null;
        }

        return ulong.TryParse(target.AsSpan(5, target.Length - 6), NumberStyles.None, CultureInfo.InvariantCulture, out var ino) ? ino : null;
    }
}
