namespace Nsm.Sdk.Kernel.Namespaces;

/// <summary>A failed network-namespace operation, e.g. <c>netns open /run/netns/x: No such file or directory (ENOENT)</c>.</summary>
public sealed class NetNsException : KernelException
{
    /// <summary>Creates the exception for a failed system call.</summary>
    /// <param name="operation">What was attempted, e.g. <c>netns add</c>.</param>
    /// <param name="target">The namespace name or path.</param>
    /// <param name="errno">The errno (positive).</param>
    public NetNsException(string operation, string target, int errno)
        : base(operation, target, errno)
    {
    }

    /// <summary>Creates an exception with a plain message.</summary>
    public NetNsException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a plain message and an inner exception.</summary>
    public NetNsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception with no message.</summary>
    public NetNsException()
    {
    }
}
