namespace Nsm.Vpp;

/// <summary>The connection to VPP is gone (VPP closed the socket or restarted, or the connection was disposed).</summary>
public sealed class VppDisconnectedException : Exception
{
    /// <summary>Initializes the exception.</summary>
    public VppDisconnectedException()
    {
    }

    /// <summary>Initializes the exception.</summary>
    /// <param name="message">What happened.</param>
    public VppDisconnectedException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes the exception.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="inner">The cause.</param>
    public VppDisconnectedException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
