using Nsm.Api.NetworkService;

namespace Nsm.Sdk.Common.Begin;

/// <summary>Options of <see cref="BeginClient"/>.</summary>
public sealed class BeginClientOptions
{
    /// <summary>Gets or sets what a reselect event changes in the stored request before requesting again.</summary>
    /// <value>The default is <see cref="BeginReselect.Default"/>: clear the mechanism and the endpoint name and set
    /// the state to <see cref="State.ReselectRequested"/>.</value>
    public Action<NetworkServiceRequest> ReselectFunc { get; set; } = BeginReselect.Default;
}

/// <summary>Ready-made reselect functions for <see cref="BeginClientOptions.ReselectFunc"/>.</summary>
public static class BeginReselect
{
    /// <summary>Clears the mechanism and the endpoint name and sets the state to <see cref="State.ReselectRequested"/>.</summary>
    /// <param name="request">The request to change.</param>
    public static void Default(NetworkServiceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Connection is { } conn)
        {
            conn.Mechanism = null;
            conn.NetworkServiceEndpointName = string.Empty;
            conn.State = State.ReselectRequested;
        }
    }

    /// <summary>Like <see cref="Default"/> but keeps the endpoint name (reselect the path, not the endpoint).</summary>
    /// <param name="request">The request to change.</param>
    public static void WithSameEndpoint(NetworkServiceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Connection is { } conn)
        {
            conn.Mechanism = null;
            conn.State = State.ReselectRequested;
        }
    }
}
