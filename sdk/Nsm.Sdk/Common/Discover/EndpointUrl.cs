using Grpc.Core;
using Nsm.Api.Registry;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.Discover;

/// <summary>Reads the URL a registered endpoint (or forwarder) is reached at.</summary>
public static class EndpointUrl
{
    /// <summary>Parses the endpoint's URL.</summary>
    /// <param name="endpoint">The registry record.</param>
    /// <returns>The URL.</returns>
    /// <exception cref="NsmStatusException">The URL is missing or invalid (FailedPrecondition, naming the endpoint).</exception>
    public static Uri Parse(NetworkServiceEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return NsmUrl.TryParse(endpoint.Url, out var url, out var error)
            ? url
            : throw new NsmStatusException(StatusCode.FailedPrecondition, $"endpoint {endpoint.Name} has an unusable URL: {error}");
    }
}
