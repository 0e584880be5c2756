namespace Nsm.Sdk.Ipam;

/// <summary>
/// Thrown when a CIDR, prefix or IP address string is malformed. The message names the offending value, for example
/// <c>Invalid CIDR '10.1.1.0/33': prefix length 33 is out of range 0..32 for IPv4.</c>
/// </summary>
public sealed class InvalidCidrException : ArgumentException
{
    /// <summary>Creates the exception with a generic message.</summary>
    public InvalidCidrException()
        : base("Invalid CIDR.")
    {
    }

    /// <summary>Creates the exception with a custom message.</summary>
    /// <param name="message">The message.</param>
    public InvalidCidrException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a custom message and inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public InvalidCidrException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a value, with the reason it was rejected.</summary>
    /// <param name="kind">What was being parsed ("CIDR", "IP address").</param>
    /// <param name="value">The offending value.</param>
    /// <param name="reason">Why it was rejected.</param>
    /// <param name="paramName">The parameter that held the value, if any.</param>
    public InvalidCidrException(string kind, string? value, string reason, string? paramName)
        : base($"Invalid {kind} '{value}': {reason}.", paramName)
    {
        Value = value;
    }

    /// <summary>The rejected value, if known.</summary>
    public string? Value { get; }
}
