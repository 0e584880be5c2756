using Grpc.Core;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.Dial;

/// <summary>
/// A next hop that cannot be dialed at all: its unix socket is missing or nobody listens on it, or its TCP port
/// refuses. Dial reports it at once (status <c>Unavailable</c>, the message names the URL) instead of waiting for
/// the dial timeout, and candidate choosers (roundrobin, discoverforwarder) try such a candidate last.
/// </summary>
public sealed class NextHopUnreachableException : NsmStatusException
{
    /// <summary>Initializes a new instance.</summary>
    public NextHopUnreachableException()
        : this("next hop unreachable")
    {
    }

    /// <summary>Initializes a new instance.</summary>
    /// <param name="message">The message.</param>
    public NextHopUnreachableException(string message)
        : base(StatusCode.Unavailable, message)
    {
    }

    /// <summary>Initializes a new instance.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public NextHopUnreachableException(string message, Exception innerException)
        : base(StatusCode.Unavailable, message, innerException)
    {
    }

    /// <summary>Initializes a new instance for <paramref name="url"/>.</summary>
    /// <param name="url">The next hop.</param>
    /// <param name="reason">Why it cannot be dialed, e.g. "connection refused".</param>
    /// <param name="innerException">The cause, if any.</param>
    public NextHopUnreachableException(Uri url, string reason, Exception? innerException = null)
        : base(StatusCode.Unavailable, $"dial {url}: {reason}", innerException)
    {
        Url = url;
        Reason = reason;
    }

    /// <summary>Gets the next hop that cannot be dialed.</summary>
    public Uri? Url { get; }

    /// <summary>Gets why it cannot be dialed.</summary>
    public string Reason { get; } = "unreachable";
}
