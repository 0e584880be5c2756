using Nsm.Api.Registry;
using Nsm.Sdk.Core.FdPassing;

namespace Nsm.Sdk.Registry.Common.FdPassing;

/// <summary>
/// The NSE socket descriptors a process received (grpcfd), by NSE name: one per NSE, the same
/// <c>unix:///proc/&lt;pid&gt;/fd/&lt;n&gt;</c> path while the NSE stays on the same socket, a new one when it comes back on another.
/// </summary>
internal sealed class HeldNseSockets : IDisposable
{
    private readonly Dictionary<string, ReceivedFd> _files = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _files.Count;
            }
        }
    }

    /// <summary>The URL that dials a held descriptor in this process.</summary>
    public static string UnixUrl(ReceivedFd fd) => "unix://" + fd.Path;

    /// <summary>
    /// Gets the descriptor of <paramref name="name"/>'s socket <paramref name="inode"/>: the held one when it is the same
    /// socket (a copy passed again is closed), else the copy <paramref name="receiver"/> got (Fresh: the caller keeps or
    /// closes it); <see langword="null"/> when neither.
    /// </summary>
    public (ReceivedFd Fd, bool Fresh)? Take(string name, FdInode inode, IFdReceiver? receiver)
    {
        ReceivedFd? passed = null;
        receiver?.TryReceive(inode, out passed);
        lock (_lock)
        {
            if (_files.TryGetValue(name, out var held) && held.Inode == inode)
            {
                passed?.Dispose();
                return (held, false);
            }
        }

        return passed is null ? null : (passed, true);
    }

    /// <summary>Holds <paramref name="fd"/> for <paramref name="name"/>, closing the one it replaces.</summary>
    public void Keep(string name, ReceivedFd fd)
    {
        ReceivedFd? replaced;
        lock (_lock)
        {
            _files.TryGetValue(name, out replaced);
            _files[name] = fd;
        }

        if (!ReferenceEquals(replaced, fd))
        {
            replaced?.Dispose();
        }
    }

    public ReceivedFd? Get(string name)
    {
        lock (_lock)
        {
            return _files.TryGetValue(name, out var fd) ? fd : null;
        }
    }

    /// <summary>Closes <paramref name="fd"/> and stops holding it for <paramref name="name"/>.</summary>
    public void Forget(string name, ReceivedFd fd)
    {
        lock (_lock)
        {
            if (_files.TryGetValue(name, out var current) && ReferenceEquals(current, fd))
            {
                _files.Remove(name);
            }
        }

        fd.Dispose();
    }

    /// <summary>Gets the held descriptor <paramref name="nse"/>'s URL dials, or <see langword="null"/>.</summary>
    public ReceivedFd? HeldFor(NetworkServiceEndpoint nse) => Get(nse.Name) is { } fd && nse.Url == UnixUrl(fd) ? fd : null;

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var fd in _files.Values)
            {
                fd.Dispose();
            }

            _files.Clear();
        }
    }
}
