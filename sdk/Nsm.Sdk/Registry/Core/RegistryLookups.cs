using Nsm.Api.Registry;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Registry;

/// <summary>One-shot registry look-ups used by networkservice elements (discover, discoverforwarder, ...).</summary>
public static class RegistryLookups
{
    /// <summary>Finds network services (watch off) and returns the records that are not deletions.</summary>
    /// <param name="client">The NetworkService registry client.</param>
    /// <param name="query">What to find.</param>
    /// <param name="context">The calling element's context; the look-up gets a fresh context with its clock, logger, deadline and cancellation.</param>
    /// <returns>The services.</returns>
    public static Task<List<NetworkService>> FindServicesAsync(this INetworkServiceRegistryClient client, NetworkService query, NsmContext context) =>
        client.FindListAsync(new NetworkServiceQuery { NetworkService = query }, LookupContext(context), r => (r.NetworkService, r.Deleted));

    /// <summary>Finds endpoints (watch off) and returns the records that are not deletions.</summary>
    /// <param name="client">The NetworkServiceEndpoint registry client.</param>
    /// <param name="query">What to find.</param>
    /// <param name="context">The calling element's context; the look-up gets a fresh context with its clock, logger, deadline and cancellation.</param>
    /// <returns>The endpoints.</returns>
    public static Task<List<NetworkServiceEndpoint>> FindEndpointsAsync(this INetworkServiceEndpointRegistryClient client, NetworkServiceEndpoint query, NsmContext context) =>
        client.FindListAsync(new NetworkServiceEndpointQuery { NetworkServiceEndpoint = query }, LookupContext(context), r => (r.NetworkServiceEndpoint, r.Deleted));

    /// <summary>Finds one endpoint by its exact name.</summary>
    /// <param name="client">The NetworkServiceEndpoint registry client.</param>
    /// <param name="name">The endpoint name.</param>
    /// <param name="context">The calling element's context.</param>
    /// <returns>The endpoint, or <see langword="null"/>.</returns>
    public static async Task<NetworkServiceEndpoint?> FindEndpointAsync(this INetworkServiceEndpointRegistryClient client, string name, NsmContext context)
    {
        var found = await client.FindEndpointsAsync(new NetworkServiceEndpoint { Name = name }, context).ConfigureAwait(false);
        return found.Find(e => e.Name == name);
    }

    // A look-up must not share the networkservice call's headers: the registry chain adds its own token headers.
    private static NsmContext LookupContext(NsmContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new NsmContext(context.Clock, context.Logger, context.Deadline, context.CancellationToken) { Peer = context.Peer };
    }
}
