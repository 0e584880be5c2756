namespace Nsm.Sdk.Kernel.WireGuard;

/// <summary>
/// A WireGuard device could not be created, configured or reached: the UAPI answered an errno, wireguard-go is
/// missing or exited, the interface name is in use. The message says which, in words fit for a gRPC status.
/// </summary>
public sealed class WireGuardException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    public WireGuardException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The cause.</param>
    public WireGuardException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception with no message.</summary>
    public WireGuardException()
    {
    }

    /// <summary>Gets whether the device's UDP port is taken on its node (EADDRINUSE): another port may work.</summary>
    public bool PortInUse { get; internal init; }
}
