using System.Runtime.InteropServices;

namespace Nsm.Sdk.Kernel.Interop;

/// <summary>Linux errno numbers and their symbolic names, for readable exception messages.</summary>
internal static class Errno
{
    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int EINTR = 4;
    public const int EBADF = 9;
    public const int EAGAIN = 11;
    public const int EBUSY = 16;
    public const int EEXIST = 17;
    public const int ENODEV = 19;
    public const int EINVAL = 22;
    public const int ESRCH = 3;
    public const int EADDRNOTAVAIL = 99;

    private static readonly Dictionary<int, string> Names = new()
    {
        [1] = "EPERM", [2] = "ENOENT", [3] = "ESRCH", [4] = "EINTR", [5] = "EIO", [6] = "ENXIO",
        [7] = "E2BIG", [9] = "EBADF", [11] = "EAGAIN", [12] = "ENOMEM", [13] = "EACCES", [14] = "EFAULT",
        [16] = "EBUSY", [17] = "EEXIST", [18] = "EXDEV", [19] = "ENODEV", [20] = "ENOTDIR", [21] = "EISDIR",
        [22] = "EINVAL", [23] = "ENFILE", [24] = "EMFILE", [28] = "ENOSPC", [34] = "ERANGE",
        [36] = "ENAMETOOLONG", [38] = "ENOSYS", [39] = "ENOTEMPTY", [61] = "ENODATA", [71] = "EPROTO",
        [90] = "EMSGSIZE", [93] = "EPROTONOSUPPORT", [95] = "EOPNOTSUPP", [97] = "EAFNOSUPPORT",
        [98] = "EADDRINUSE", [99] = "EADDRNOTAVAIL", [100] = "ENETDOWN", [101] = "ENETUNREACH",
        [105] = "ENOBUFS", [110] = "ETIMEDOUT", [113] = "EHOSTUNREACH",
    };

    /// <summary>The symbolic name (<c>EEXIST</c>) of an errno, or <c>errno N</c>.</summary>
    public static string Name(int errno) => Names.TryGetValue(errno, out var n) ? n : $"errno {errno}";

    /// <summary>Formats an errno as <c>File exists (EEXIST)</c>.</summary>
    public static string Describe(int errno) => $"{Marshal.GetPInvokeErrorMessage(errno)} ({Name(errno)})";
}
