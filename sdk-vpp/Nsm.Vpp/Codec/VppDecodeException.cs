namespace Nsm.Vpp.Codec;

/// <summary>A message body that does not match its layout (truncated, or a count larger than what follows).</summary>
public sealed class VppDecodeException : Exception
{
    /// <summary>Initializes the exception.</summary>
    public VppDecodeException()
    {
    }

    /// <summary>Initializes the exception.</summary>
    /// <param name="message">What did not match.</param>
    public VppDecodeException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes the exception.</summary>
    /// <param name="message">What did not match.</param>
    /// <param name="inner">The cause.</param>
    public VppDecodeException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
