using Grpc.Core;

namespace Nsm.Sdk.Core;

/// <summary>An error an element reports to the caller with a specific gRPC status.</summary>
public class NsmStatusException : Exception
{
    /// <summary>Initializes a new instance.</summary>
    public NsmStatusException()
        : this(StatusCode.Unknown, "unknown error")
    {
    }

    /// <summary>Initializes a new instance with <see cref="StatusCode.Unknown"/>.</summary>
    /// <param name="message">The message.</param>
    public NsmStatusException(string message)
        : this(StatusCode.Unknown, message)
    {
    }

    /// <summary>Initializes a new instance with <see cref="StatusCode.Unknown"/>.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public NsmStatusException(string message, Exception innerException)
        : base(message, innerException) => StatusCode = StatusCode.Unknown;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="statusCode">The gRPC status.</param>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause, if any.</param>
    public NsmStatusException(StatusCode statusCode, string message, Exception? innerException = null)
        : base(message, innerException) => StatusCode = statusCode;

    /// <summary>Gets the gRPC status the caller receives.</summary>
    public StatusCode StatusCode { get; }
}
