namespace Nsm.Sdk.Registry.Memory;

/// <summary>Ends a watch whose consumer fell more than <see cref="RegistryStoreOptions.WatchCapacity"/> events behind.</summary>
/// <remarks>The events already queued are delivered first. Re-watching yields a fresh snapshot.</remarks>
public sealed class RegistryWatchOverflowException : InvalidOperationException
{
    /// <summary>Creates the exception with the default message.</summary>
    public RegistryWatchOverflowException()
        : base("registry watcher fell too far behind and was dropped")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public RegistryWatchOverflowException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public RegistryWatchOverflowException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
