using Nsm.Sdk.Kernel.Acl;
using Nsm.Sdk.Kernel.Passthrough;

namespace Nsm.Cmd.NseFirewall;

/// <summary>
/// The firewall's data path: the bridges that join each connection's two interfaces and the rules that filter them.
/// Stopping removes the bridges before the rules. The other order (what the service container did, disposing the
/// enforcer it had created last first) let a stopping firewall forward unfiltered until its pod's namespace was
/// deleted; a heal test saw a SYN to a denied port pass. When the bridges cannot be removed the rules stay, and the
/// path stays closed until the namespace goes.
/// </summary>
/// <param name="xconnect">The bridges.</param>
/// <param name="enforcer">The rules.</param>
internal sealed class FirewallDataPath(KernelXconnect xconnect, NftAclEnforcer enforcer) : IAsyncDisposable
{
    public KernelXconnect Xconnect => xconnect;

    public NftAclEnforcer Enforcer => enforcer;

    public async ValueTask DisposeAsync()
    {
        await xconnect.DisposeAsync().ConfigureAwait(false);
        await enforcer.DisposeAsync().ConfigureAwait(false);
    }
}
