using Nsm.Sdk.Core.FdPassing;

namespace Nsm.Sdk.Common.Mechanisms.FdPassing;

/// <summary>One connection's received descriptors, by <c>inode://</c> URL, and the <c>file://</c> URL each was swapped for (stable across refreshes).</summary>
internal sealed class ReceivedFiles
{
    private readonly Dictionary<string, ReceivedFd> _byInodeUrl = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _inodeUrlByFileUrl = new(StringComparer.Ordinal);

    /// <summary>Gets or sets a value indicating whether a Request of the connection succeeded (a failed first Request closes the files).</summary>
    public bool Established { get; set; }

    public bool TryGet(string inodeUrl, out ReceivedFd fd) => _byInodeUrl.TryGetValue(inodeUrl, out fd!);

    public void Add(string inodeUrl, ReceivedFd fd)
    {
        _byInodeUrl[inodeUrl] = fd;
        _inodeUrlByFileUrl[fd.FileUrl] = inodeUrl;
    }

    public bool TryGetInodeUrl(string fileUrl, out string inodeUrl) => _inodeUrlByFileUrl.TryGetValue(fileUrl, out inodeUrl!);

    /// <summary>Closes every file but the one of <paramref name="keepInodeUrl"/> (preferences that were not selected).</summary>
    public void CloseAllBut(string keepInodeUrl)
    {
        foreach (var (inodeUrl, fd) in _byInodeUrl.ToList())
        {
            if (inodeUrl != keepInodeUrl)
            {
                _byInodeUrl.Remove(inodeUrl);
                _inodeUrlByFileUrl.Remove(fd.FileUrl);
                fd.Dispose();
            }
        }
    }

    public void CloseAll()
    {
        foreach (var fd in _byInodeUrl.Values)
        {
            fd.Dispose();
        }

        _byInodeUrl.Clear();
        _inodeUrlByFileUrl.Clear();
    }
}
