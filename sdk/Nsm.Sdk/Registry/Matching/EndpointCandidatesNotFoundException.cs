namespace Nsm.Sdk.Registry.Matching;

/// <summary>Raised when a network service's matches select no endpoint for a request.</summary>
public sealed class EndpointCandidatesNotFoundException : InvalidOperationException
{
    /// <summary>The upstream error text: <c>network service endpoint candidates not found</c>.</summary>
    public const string DefaultMessage = "network service endpoint candidates not found";

    /// <summary>Creates the exception with <see cref="DefaultMessage"/>.</summary>
    public EndpointCandidatesNotFoundException()
        : base(DefaultMessage)
    {
    }

    /// <summary>Creates the exception with a custom message.</summary>
    /// <param name="message">The message.</param>
    public EndpointCandidatesNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a custom message and cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public EndpointCandidatesNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
