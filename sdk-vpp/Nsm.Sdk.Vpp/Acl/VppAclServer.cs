using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;
using Nsm.Vpp;

namespace Nsm.Sdk.Vpp.Acl;

/// <summary>
/// Filters the server side's VPP interface (<see cref="Common.VppInterfaces"/>) with VPP ACLs after the rest of the chain
/// answered: <c>acl_add_replace</c> once per non-empty list of <see cref="VppAclRules"/>, then
/// <c>acl_interface_set_acl_list</c> (ingress, then egress). Close detaches them and deletes them (<c>acl_del</c>).
/// </summary>
/// <param name="vpp">The VPP API.</param>
/// <param name="rules">The ingress and egress rules (e.g. <see cref="VppAclRules.FromRuleSet"/> of the firewall's rules).</param>
public sealed class VppAclServer(IVppApi vpp, VppAclRules rules) : INetworkServiceServer
{
    private readonly AclCore _core = new(vpp, rules, isClient: false);

    /// <inheritdoc/>
    public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next) =>
        _core.RequestAsync(request, context, next);

    /// <inheritdoc/>
    public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next) =>
        _core.CloseAsync(connection, context, next);
}
