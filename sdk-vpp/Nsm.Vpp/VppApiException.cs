namespace Nsm.Vpp;

/// <summary>VPP answered a request with a non-zero <c>retval</c> (a VPP API error, e.g. −2 INVALID_SW_IF_INDEX).</summary>
public sealed class VppApiException : Exception
{
    /// <summary>Initializes the exception.</summary>
    public VppApiException()
    {
    }

    /// <summary>Initializes the exception.</summary>
    /// <param name="message">What failed.</param>
    public VppApiException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes the exception.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="inner">The cause.</param>
    public VppApiException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>Initializes the exception for a request and its retval.</summary>
    /// <param name="messageName">The request's message name.</param>
    /// <param name="retval">VPP's retval.</param>
    public VppApiException(string messageName, int retval)
        : base($"VPP answered {messageName} with retval {retval}")
    {
        MessageName = messageName;
        Retval = retval;
    }

    /// <summary>Gets the request's message name.</summary>
    public string? MessageName { get; }

    /// <summary>Gets VPP's retval (negative: a <c>vnet</c> API error).</summary>
    public int Retval { get; }
}
