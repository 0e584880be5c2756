using Nsm.Sdk.Kernel.Interop;

namespace Nsm.Sdk.Kernel.Namespaces;

/// <summary>
/// Moves the calling (dedicated) thread into a namespace for the duration of some work and back again.
/// Going back matters: threads the runtime creates from this thread (e.g. a thread-pool worker injected
/// when a task is completed here) inherit its namespace, so the thread must be home before it touches
/// anything that can start threads. Failing to go back is fatal, as in upstream NSM.
/// </summary>
internal static class ThreadNamespace
{
    private const string Self = "/proc/thread-self/ns/net";

    /// <summary>Runs <paramref name="work"/> with the calling thread inside the namespace <paramref name="targetFd"/>.</summary>
    /// <remarks>
    /// When the thread already is in that namespace (e.g. the process's own, given as <c>/proc/self/ns/net</c>) the work
    /// runs without a switch, so it needs no CAP_SYS_ADMIN.
    /// </remarks>
    public static T RunInside<T>(int targetFd, string targetName, Func<T> work)
    {
        if (IsCurrent(targetFd))
        {
            return work();
        }

        return RunSwitched(
            () =>
            {
                if (LibC.SetNs(targetFd, LibC.CLONE_NEWNET) != 0)
                {
                    throw new NetNsException("setns", targetName, LibC.LastErrno);
                }
            },
            work);
    }

    /// <summary>Runs <paramref name="enter"/> (setns or unshare), then <paramref name="work"/>, then returns the thread home.</summary>
    public static T RunSwitched<T>(Action enter, Func<T> work)
    {
        var home = LibC.Open(Self, LibC.O_RDONLY | LibC.O_CLOEXEC, 0);
        if (home < 0)
        {
            throw new NetNsException("netns open", Self, LibC.LastErrno);
        }

        try
        {
            // A failed setns or unshare leaves the thread where it was: nothing to undo (and going "back" would need the
            // very capability that was missing).
            enter();
            try
            {
                return work();
            }
            finally
            {
                if (LibC.SetNs(home, LibC.CLONE_NEWNET) != 0)
                {
                    Environment.FailFast($"Nsm.Sdk.Kernel: cannot return a thread to its network namespace: {Errno.Describe(LibC.LastErrno)}");
                }
            }
        }
        finally
        {
            _ = LibC.Close(home);
        }
    }

    private static bool IsCurrent(int targetFd)
    {
        var home = LibC.Open(Self, LibC.O_RDONLY | LibC.O_CLOEXEC, 0);
        if (home < 0)
        {
            return false;
        }

        try
        {
            return NetNs.NetworkNamespaceInode(home) is { } inode && inode == NetNs.NetworkNamespaceInode(targetFd);
        }
        finally
        {
            _ = LibC.Close(home);
        }
    }
}
