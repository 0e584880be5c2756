using System.Globalization;

namespace Nsm.Sdk.Core.FdPassing;

/// <summary>
/// The (device, inode) pair that names a file passed over a unix socket: upstream grpcfd's <c>inode://&lt;dev&gt;/&lt;ino&gt;</c>
/// URL, with <c>dev</c> as Go's <c>Stat_t.Dev</c> (glibc's <c>makedev</c> encoding).
/// </summary>
/// <param name="Device">The device number.</param>
/// <param name="Inode">The inode number.</param>
public readonly record struct FdInode(ulong Device, ulong Inode)
{
    /// <summary>The URL scheme, <c>inode</c>.</summary>
    public const string Scheme = "inode";

    /// <summary>Gets the URL, <c>inode://dev/ino</c>.</summary>
    /// <returns>The URL.</returns>
    public string ToUrl() => string.Create(CultureInfo.InvariantCulture, $"inode://{Device}/{Inode}");

    /// <inheritdoc />
    public override string ToString() => ToUrl();

    /// <summary>Parses <c>inode://dev/ino</c>.</summary>
    /// <param name="url">The URL.</param>
    /// <param name="inode">The pair.</param>
    /// <returns>Whether <paramref name="url"/> is such a URL.</returns>
    public static bool TryParseUrl(string? url, out FdInode inode)
    {
        inode = default;
        const string prefix = Scheme + "://";
        if (url is null || !url.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = url.AsSpan(prefix.Length);
        var slash = rest.IndexOf('/');
        if (slash <= 0
            || !ulong.TryParse(rest[..slash], NumberStyles.None, CultureInfo.InvariantCulture, out var dev)
            || !ulong.TryParse(rest[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var ino))
        {
            return false;
        }

        inode = new FdInode(dev, ino);
        return true;
    }

    /// <summary>Gets the pair of the file at <paramref name="path"/> (links followed).</summary>
    /// <param name="path">The path.</param>
    /// <param name="inode">The pair.</param>
    /// <returns>Whether the file could be stat'ed.</returns>
    public static bool TryOfPath(string path, out FdInode inode) => FdNative.TryStat(path, out inode);
}
