namespace Nsm.Vpp;

/// <summary>VPP's message table lacks messages we send, or has them under other CRCs: a VPP version we do not speak.</summary>
public sealed class VppIncompatibleException : Exception
{
    /// <summary>Initializes the exception.</summary>
    public VppIncompatibleException()
    {
    }

    /// <summary>Initializes the exception.</summary>
    /// <param name="message">What differs.</param>
    public VppIncompatibleException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes the exception.</summary>
    /// <param name="message">What differs.</param>
    /// <param name="inner">The cause.</param>
    public VppIncompatibleException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>Initializes the exception with every message that differs.</summary>
    /// <param name="socketPath">The API socket of the VPP.</param>
    /// <param name="mismatches">The messages it does not speak as we do.</param>
    public VppIncompatibleException(string socketPath, IReadOnlyList<VppMessageMismatch> mismatches)
        : base($"VPP at {socketPath} does not speak {string.Join(", ", mismatches ?? [])}: a VPP version we do not speak")
    {
        SocketPath = socketPath;
        Mismatches = mismatches ?? [];
    }

    /// <summary>Gets the API socket of the VPP.</summary>
    public string? SocketPath { get; }

    /// <summary>Gets every message VPP does not speak as we do.</summary>
    public IReadOnlyList<VppMessageMismatch> Mismatches { get; } = [];
}
