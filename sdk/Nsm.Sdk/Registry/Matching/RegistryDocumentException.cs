namespace Nsm.Sdk.Registry.Matching;

/// <summary>Raised when a NetworkService or NetworkServiceEndpoint document (YAML or JSON) cannot be read.</summary>
public sealed class RegistryDocumentException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public RegistryDocumentException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is wrong, including the path of the offending key.</param>
    public RegistryDocumentException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The parser error.</param>
    public RegistryDocumentException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
