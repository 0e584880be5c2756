namespace Nsm.Sdk.Hosting;

/// <summary>A configuration value (an env variable) is invalid; the message names the variable and the value.</summary>
public sealed class NsmConfigurationException : Exception
{
    /// <summary>Initializes a new instance.</summary>
    public NsmConfigurationException()
    {
    }

    /// <summary>Initializes a new instance.</summary>
    /// <param name="message">The message.</param>
    public NsmConfigurationException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public NsmConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
