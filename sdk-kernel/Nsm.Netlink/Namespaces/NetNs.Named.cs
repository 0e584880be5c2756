using Nsm.Sdk.Kernel.Interop;

namespace Nsm.Sdk.Kernel.Namespaces;

/// <summary>Named namespaces under <c>/run/netns</c>, compatible with <c>ip netns</c>.</summary>
public sealed partial class NetNs
{
    /// <summary>The directory of named namespaces.</summary>
    public const string RunDir = "/run/netns";

    private static readonly Lock RunDirLock = new();
    private static bool runDirShared;

    /// <summary>The path of the named namespace <paramref name="name"/>.</summary>
    /// <param name="name">The namespace name.</param>
    public static string NamedPath(string name)
    {
        ValidateName(name);
        return $"{RunDir}/{name}";
    }

    /// <summary>True when a named namespace <paramref name="name"/> exists.</summary>
    /// <param name="name">The namespace name.</param>
    public static bool Exists(string name) => File.Exists(NamedPath(name));

    /// <summary>
    /// Creates a named namespace like <c>ip netns add</c>: a dedicated thread unshares a new network namespace
    /// and bind-mounts it onto <c>/run/netns/NAME</c>. Its loopback is down, as with <c>ip</c>.
    /// </summary>
    /// <param name="name">The namespace name.</param>
    /// <param name="cancellationToken">Checked before the work starts.</param>
    /// <returns>The new namespace, opened.</returns>
    /// <exception cref="NetNsException">The name is taken or the namespace cannot be created.</exception>
    public static async Task<NetNs> CreateAsync(string name, CancellationToken cancellationToken = default)
    {
        var path = NamedPath(name);
        cancellationToken.ThrowIfCancellationRequested();
        await DedicatedThread.RunAsync($"netns add {name}", () =>
        {
            CreateOnThisThread(path, name);
            return true;
        });
        try
        {
            return Open(path);
        }
        catch
        {
            Delete(name);
            throw;
        }
    }

    /// <summary>Deletes a named namespace like <c>ip netns del</c> (unmount and remove the file). Its interfaces go when the last user leaves.</summary>
    /// <param name="name">The namespace name.</param>
    /// <exception cref="NetNsException">No such namespace.</exception>
    public static void Delete(string name)
    {
        var path = NamedPath(name);
        if (LibC.Umount2(path, LibC.MNT_DETACH) != 0 && LibC.LastErrno is var errno && errno != Errno.EINVAL)
        {
            throw new NetNsException("netns delete", name, errno);
        }

        try
        {
            File.Delete(path);
        }
        catch (IOException ex)
        {
            throw new NetNsException($"netns delete {name}: {ex.Message}", ex);
        }
    }

    private static void CreateOnThisThread(string path, string name)
    {
        EnsureRunDir();
        var fd = LibC.Open(path, LibC.O_RDONLY | LibC.O_CREAT | LibC.O_EXCL | LibC.O_CLOEXEC, 0);
        if (fd < 0)
        {
            throw new NetNsException("netns add", name, LibC.LastErrno);
        }

        _ = LibC.Close(fd);
        try
        {
            var mountErrno = ThreadNamespace.RunSwitched(
                () =>
                {
                    if (LibC.Unshare(LibC.CLONE_NEWNET) != 0)
                    {
                        throw new NetNsException("netns add (unshare)", name, LibC.LastErrno);
                    }
                },
                () => LibC.Mount("/proc/thread-self/ns/net", path, "none", LibC.MS_BIND, 0) == 0 ? 0 : LibC.LastErrno);
            if (mountErrno != 0)
            {
                throw new NetNsException("netns add (bind mount)", name, mountErrno);
            }
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    /// <summary>Makes <c>/run/netns</c> exist and be a shared mount, as iproute2 does, so mounts propagate.</summary>
    private static void EnsureRunDir()
    {
        lock (RunDirLock)
        {
            if (runDirShared)
            {
                return;
            }

            Directory.CreateDirectory(RunDir);
            var madeMount = false;
            while (LibC.Mount(string.Empty, RunDir, "none", LibC.MS_SHARED | LibC.MS_REC, 0) != 0)
            {
                var errno = LibC.LastErrno;
                if (errno != Errno.EINVAL || madeMount)
                {
                    throw new NetNsException("netns add (make /run/netns shared)", RunDir, errno);
                }

                if (LibC.Mount(RunDir, RunDir, "none", LibC.MS_BIND | LibC.MS_REC, 0) != 0)
                {
                    throw new NetNsException("netns add (bind /run/netns)", RunDir, LibC.LastErrno);
                }

                madeMount = true;
            }

            runDirShared = true;
        }
    }

    private static void ValidateName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name is "." or ".." || name.Contains('/', StringComparison.Ordinal) || name.Length > 255)
        {
            throw new ArgumentException($"'{name}' is not a valid namespace name", nameof(name));
        }
    }
}
