namespace Nsm.Sdk.Ipam;

/// <summary>Base type of IPAM allocation failures (exhaustion, unavailable address). Messages start with <c>IPAM:</c>.</summary>
public class IpamException : InvalidOperationException
{
    /// <summary>Creates the exception with a generic message.</summary>
    public IpamException()
        : base("IPAM: allocation failed.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public IpamException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public IpamException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
