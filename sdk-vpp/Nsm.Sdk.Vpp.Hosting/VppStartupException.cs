namespace Nsm.Sdk.Vpp.Hosting;

/// <summary>VPP cannot be used (unreachable, a version we do not speak, a private vpp that did not come up): the program exits 2 with this message.</summary>
public sealed class VppStartupException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="VppStartupException"/> class.</summary>
    public VppStartupException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="VppStartupException"/> class.</summary>
    /// <param name="message">The one line the program prints.</param>
    public VppStartupException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="VppStartupException"/> class.</summary>
    /// <param name="message">The one line the program prints.</param>
    /// <param name="innerException">The cause.</param>
    public VppStartupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
