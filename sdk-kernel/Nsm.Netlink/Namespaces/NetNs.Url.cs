using System.Globalization;
using Nsm.Sdk.Kernel.Interop;

namespace Nsm.Sdk.Kernel.Namespaces;

/// <summary>Opening a namespace from an NSM <c>inodeURL</c> or by inode.</summary>
public sealed partial class NetNs
{
    /// <summary>
    /// Opens the namespace an NSM kernel mechanism names in its <c>inodeURL</c> parameter:
    /// <c>file:///proc/1234/ns/net</c>, <c>file:///run/netns/x</c>, <c>file:///proc/PID/fd/N</c>, or
    /// <c>inode://DEV/INODE</c> (looked up with <see cref="OpenByInode"/>).
    /// </summary>
    /// <param name="url">The URL.</param>
    /// <exception cref="ArgumentException">The URL has another scheme or no path.</exception>
    /// <exception cref="NetNsException">The namespace cannot be found or opened.</exception>
    public static NetNs OpenFromUrl(string url)
    {
        ArgumentException.ThrowIfNullOrEmpty(url);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            throw new ArgumentException($"'{url}' is not a namespace URL (file:///proc/PID/ns/net or inode://DEV/INO)", nameof(url));
        }

        if (uri.Scheme == Uri.UriSchemeFile && uri.AbsolutePath.Length > 1)
        {
            return Open(Uri.UnescapeDataString(uri.AbsolutePath));
        }

        if (uri.Scheme == "inode"
            && ulong.TryParse(uri.AbsolutePath.AsSpan().Trim('/'), NumberStyles.None, CultureInfo.InvariantCulture, out var inode))
        {
            return OpenByInode(inode);
        }

        throw new ArgumentException($"'{url}' is not a namespace URL (file:///proc/PID/ns/net or inode://DEV/INO)", nameof(url));
    }

    /// <summary>
    /// Opens the namespace with inode <paramref name="inode"/>, found through <c>/proc/*/ns/net</c> (needs the
    /// host PID namespace) or <c>/run/netns/*</c>.
    /// </summary>
    /// <param name="inode">The namespace inode.</param>
    /// <exception cref="NetNsException">No process or named namespace uses that inode.</exception>
    public static NetNs OpenByInode(ulong inode)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var path = NetNsInode.FindPath(inode)
                ?? throw new NetNsException("netns find", $"inode {inode}", Errno.ENOENT);
            try
            {
                var ns = Open(path);
                if (ns.Inode == inode)
                {
                    return ns;
                }

                ns.Dispose();
            }
            catch (NetNsException) when (attempt < 2)
            {
                // The process exited between the scan and the open; scan again.
            }
        }

        throw new NetNsException("netns find", $"inode {inode}", Errno.ENOENT);
    }
}
