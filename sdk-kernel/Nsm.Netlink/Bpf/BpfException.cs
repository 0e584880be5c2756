namespace Nsm.Sdk.Kernel.Bpf;

/// <summary>A <c>bpf()</c> call failed; for a rejected program <see cref="VerifierLog"/> says why.</summary>
public sealed class BpfException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="operation">The bpf command.</param>
    /// <param name="errno">The errno.</param>
    /// <param name="verifierLog">The verifier's log (may be empty).</param>
    public BpfException(string operation, int errno, string verifierLog)
        : base($"{operation} failed: {Interop.Errno.Describe(errno)}" + (verifierLog.Length > 0 ? $"; verifier log:\n{verifierLog}" : string.Empty))
    {
        Errno = errno;
        VerifierLog = verifierLog;
    }

    /// <summary>Creates the exception.</summary>
    public BpfException()
        : this("bpf", 0, string.Empty)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public BpfException(string message)
        : base(message)
    {
        VerifierLog = string.Empty;
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public BpfException(string message, Exception innerException)
        : base(message, innerException)
    {
        VerifierLog = string.Empty;
    }

    /// <summary>The errno.</summary>
    public int Errno { get; }

    /// <summary>The verifier's log (empty when the failure was not a verifier rejection).</summary>
    public string VerifierLog { get; }
}
