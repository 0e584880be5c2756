using Nsm.Sdk.Kernel.Interop;

namespace Nsm.Sdk.Kernel;

/// <summary>
/// A failed kernel operation. The message names the operation, its target and the error, e.g.
/// <c>RTM_NEWLINK veth nsm-1: File exists (EEXIST)</c>.
/// </summary>
public class KernelException : Exception
{
    /// <summary>Creates an exception for <paramref name="operation"/> on <paramref name="target"/> failing with <paramref name="errno"/>.</summary>
    /// <param name="operation">What was attempted, e.g. <c>RTM_NEWLINK veth</c> or <c>netns add</c>.</param>
    /// <param name="target">What it was attempted on (interface, namespace, address), may be empty.</param>
    /// <param name="errno">The Linux errno (positive).</param>
    /// <param name="detail">Extra text from the kernel (netlink extended ack), if any.</param>
    public KernelException(string operation, string target, int errno, string? detail = null)
        : base(Format(operation, target, errno, detail))
    {
        Operation = operation;
        Target = target;
        ErrorCode = errno;
        Detail = detail;
    }

    /// <summary>Creates an exception with a plain message (no errno).</summary>
    public KernelException(string message)
        : base(message)
    {
        Operation = string.Empty;
        Target = string.Empty;
    }

    /// <summary>Creates an exception with a plain message and an inner exception.</summary>
    public KernelException(string message, Exception innerException)
        : base(message, innerException)
    {
        Operation = string.Empty;
        Target = string.Empty;
    }

    /// <summary>Creates an exception with no message.</summary>
    public KernelException()
        : this("kernel operation failed")
    {
    }

    /// <summary>The operation that failed, e.g. <c>RTM_NEWADDR</c>.</summary>
    public string Operation { get; }

    /// <summary>What the operation was applied to (interface name, namespace, address).</summary>
    public string Target { get; }

    /// <summary>The Linux errno (positive), or 0 when not applicable.</summary>
    public int ErrorCode { get; }

    /// <summary>The symbolic errno name, e.g. <c>EEXIST</c>.</summary>
    public string ErrorName => ErrorCode == 0 ? string.Empty : Errno.Name(ErrorCode);

    /// <summary>Extra detail the kernel sent (netlink extended ack message), if any.</summary>
    public string? Detail { get; }

    private static string Format(string operation, string target, int errno, string? detail)
    {
        var head = string.IsNullOrEmpty(target) ? operation : $"{operation} {target}";
        var tail = string.IsNullOrEmpty(detail) ? string.Empty : $" [kernel: {detail}]";
        return $"{head}: {Errno.Describe(errno)}{tail}";
    }
}
