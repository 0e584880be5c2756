using Nsm.Sdk.Builder;
using Nsm.Sdk.Authorization;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.Authorize;

/// <summary>Options of <see cref="AuthorizeServer"/>.</summary>
public sealed class AuthorizeServerOptions
{
    /// <summary>Gets or sets the policies checked on Request and Close over the left side of the path <c>[0..index]</c>.</summary>
    /// <value>
    /// The default is <see cref="AuthorizationPolicySet.Any{TInput}"/> (no checks), as every upstream chain. Real
    /// components use <see cref="DefaultAuthorizationPolicies.NetworkServiceServer"/> (<c>common/*</c> + <c>server/*</c>).
    /// </value>
    public AuthorizationPolicySet<NetworkServiceAuthorizationInput> Policies { get; set; } = AuthorizationPolicySet.Any<NetworkServiceAuthorizationInput>();

    /// <summary>Gets or sets the SPIFFE ID → connection ids map, shared with <see cref="AuthorizeMonitorServer"/>.</summary>
    /// <value>The default is a new, private map.</value>
    public SpiffeIdConnectionMap ConnectionMap { get; set; } = new();
}

/// <summary>Options of <see cref="AuthorizeClient"/>.</summary>
public sealed class AuthorizeClientOptions
{
    /// <summary>Gets or sets the policies checked over the full returned path (Request) or the closed path (Close).</summary>
    /// <value>
    /// The default is <see cref="AuthorizationPolicySet.Any{TInput}"/> (no checks). Real components use
    /// <see cref="DefaultAuthorizationPolicies.NetworkServiceClient"/> (<c>common/*</c> + <c>client/*</c>).
    /// </value>
    public AuthorizationPolicySet<NetworkServiceAuthorizationInput> Policies { get; set; } = AuthorizationPolicySet.Any<NetworkServiceAuthorizationInput>();

    /// <summary>Gets or sets how to find the server's TLS identity for <c>next_token_signed</c>.</summary>
    /// <value>The default is <see langword="null"/>: no peer, so signature policies deny (as upstream without TLS).</value>
    public Func<NsmContext, PeerAuthInfo?>? ServerPeer { get; set; }

    /// <summary>
    /// Creates the options of a client that talks mTLS (<see cref="NsmBuildContext.Security"/>): upstream's client
    /// policies (<c>common/*</c> + <c>client/*</c>) when the context enforces them, and the server's certificate as
    /// last verified at the call's <see cref="NsmContext.ClientUrl"/>.
    /// </summary>
    /// <param name="context">The build context.</param>
    /// <returns>The options; no checks when the context is plaintext.</returns>
    public static AuthorizeClientOptions ForContext(NsmBuildContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Security is { } security
            ? new()
            {
                Policies = context.Policies(DefaultAuthorizationPolicies.NetworkServiceClient),
                ServerPeer = call => call.ClientUrl is { } url && security.ServerCertificate(url) is { } certificate
                    ? PeerAuthInfo.FromCertificates([certificate, .. security.SameIdentityCertificates(certificate)])
                    : null,
            }
            : new();
    }
}

/// <summary>Options of <see cref="AuthorizeMonitorServer"/>.</summary>
public sealed class AuthorizeMonitorOptions
{
    /// <summary>Gets or sets the MonitorConnections policies.</summary>
    /// <value>
    /// The default is <see cref="AuthorizationPolicySet.Any{TInput}"/>: upstream ships <c>monitor/service_connection</c>
    /// (<see cref="DefaultAuthorizationPolicies.Monitor"/>) but no binary enables it.
    /// </value>
    public AuthorizationPolicySet<MonitorAuthorizationInput> Policies { get; set; } = AuthorizationPolicySet.Any<MonitorAuthorizationInput>();

    /// <summary>Gets or sets the map the paired <see cref="AuthorizeServer"/> fills.</summary>
    /// <value>The default is a new, empty map: pass <see cref="AuthorizeServerOptions.ConnectionMap"/> instead.</value>
    public SpiffeIdConnectionMap ConnectionMap { get; set; } = new();
}
