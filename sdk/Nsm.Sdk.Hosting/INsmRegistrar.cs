using Nsm.Api.Registry;

namespace Nsm.Sdk.Hosting;

/// <summary>One registration the host keeps while it runs (an NSE's endpoint, a forwarder).</summary>
internal interface INsmRegistrar
{
    /// <summary>Gets the registry (or nsmgr) registered with, for logs.</summary>
    Uri RegistryUrl { get; }

    /// <summary>Gets a value indicating whether the registration is withdrawn at stop.</summary>
    bool UnregisterOnStop { get; }

    /// <summary>Gets the wait between failed attempts.</summary>
    TimeSpan RetryDelay { get; }

    /// <summary>Registers (refreshed from then on until disposal or unregistration).</summary>
    /// <param name="cancellationToken">Cancels the attempt.</param>
    /// <returns>The registered record.</returns>
    Task<NetworkServiceEndpoint> RegisterAsync(CancellationToken cancellationToken);

    /// <summary>Unregisters.</summary>
    /// <param name="registered">The registered record.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when unregistered.</returns>
    Task UnregisterAsync(NetworkServiceEndpoint? registered, CancellationToken cancellationToken);

    /// <summary>Stops refreshing and releases the registry clients.</summary>
    /// <returns>A task that completes when released.</returns>
    ValueTask CloseAsync();
}
