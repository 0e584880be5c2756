namespace Nsm.Sdk.Kernel.Netlink;

/// <summary>A netlink request the kernel rejected, e.g. <c>RTM_NEWLINK veth nsm-1: File exists (EEXIST)</c>.</summary>
public sealed class NetlinkException : KernelException
{
    /// <summary>Creates the exception for a rejected request.</summary>
    /// <param name="operation">The request, e.g. <c>RTM_NEWLINK veth</c>.</param>
    /// <param name="target">The interface, address or route the request was about.</param>
    /// <param name="errno">The kernel's errno (positive).</param>
    /// <param name="detail">The kernel's extended ack message, if any.</param>
    public NetlinkException(string operation, string target, int errno, string? detail = null)
        : base(operation, target, errno, detail)
    {
    }

    /// <summary>Creates an exception with a plain message.</summary>
    public NetlinkException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a plain message and an inner exception.</summary>
    public NetlinkException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception with no message.</summary>
    public NetlinkException()
    {
    }

    /// <summary>True when the kernel said the object already exists (EEXIST).</summary>
    public bool IsAlreadyExists => ErrorCode == Interop.Errno.EEXIST;

    /// <summary>True when the kernel said the object does not exist (ENODEV, ENOENT, ESRCH, EADDRNOTAVAIL).</summary>
    public bool IsNotFound => ErrorCode is Interop.Errno.ENODEV or Interop.Errno.ENOENT or Interop.Errno.ESRCH or Interop.Errno.EADDRNOTAVAIL;
}
