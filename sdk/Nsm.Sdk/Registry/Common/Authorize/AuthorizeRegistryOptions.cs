using Nsm.Sdk.Authorization;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Registry.Common.Authorize;

/// <summary>Options of the registry authorize elements (server and client).</summary>
public sealed class AuthorizeRegistryOptions
{
    /// <summary>Gets or sets the policies.</summary>
    /// <value>
    /// The default is <see cref="AuthorizationPolicySet.Any{TInput}"/> (no checks), as the upstream chains. Real
    /// components use <see cref="DefaultAuthorizationPolicies.RegistryServer"/> or
    /// <see cref="DefaultAuthorizationPolicies.RegistryClient"/>.
    /// </value>
    public AuthorizationPolicySet<RegistryAuthorizationInput> Policies { get; set; } = AuthorizationPolicySet.Any<RegistryAuthorizationInput>();

    /// <summary>Gets or sets the name → path ids map for <c>client_allowed</c>.</summary>
    /// <value>The default is a new map per element.</value>
    public ResourcePathIdsMap PathIdsMap { get; set; } = new();

    /// <summary>Gets or sets how a client finds the server's TLS identity (for <c>next_token_signed</c>); servers ignore it.</summary>
    /// <value>The default is <see langword="null"/>: no peer, so signature policies deny.</value>
    public Func<NsmContext, PeerAuthInfo?>? ServerPeer { get; set; }

    /// <summary>Creates options with the given policies.</summary>
    /// <param name="policies">The policies.</param>
    /// <returns>The options.</returns>
    public static AuthorizeRegistryOptions With(AuthorizationPolicySet<RegistryAuthorizationInput> policies) => new() { Policies = policies };
}
