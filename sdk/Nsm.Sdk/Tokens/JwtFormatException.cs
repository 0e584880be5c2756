namespace Nsm.Sdk.Tokens;

/// <summary>Thrown when a string is not a compact JWT (three base64url parts, JSON object header and claims).</summary>
public sealed class JwtFormatException : FormatException
{
    /// <summary>Initializes a new instance with a default message.</summary>
    public JwtFormatException()
        : base("The value is not a compact JWT.")
    {
    }

    /// <summary>Initializes a new instance with the given message.</summary>
    /// <param name="message">What is wrong with the token.</param>
    public JwtFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with the given message and cause.</summary>
    /// <param name="message">What is wrong with the token.</param>
    /// <param name="innerException">The underlying decoding error.</param>
    public JwtFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
