using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;
using Nsm.Sdk.Vpp.Common;
using Nsm.Vpp;
using Nsm.Vpp.Messages.Acl;
using VppAclRule = Nsm.Vpp.Messages.Types.AclRule;

namespace Nsm.Sdk.Vpp.Acl;

/// <summary>
/// Installs one side's ACLs after the rest of the chain answered, once per connection: <c>acl_add_replace</c> (a new ACL)
/// for each non-empty list, then <c>acl_interface_set_acl_list</c> (ingress first). What it made is kept in the metadata as
/// it goes, so Close (and the rollback of a failed Request) detaches the list (count 0) and deletes each ACL (<c>acl_del</c>).
/// </summary>
internal sealed class AclCore
{
    private const string Element = "acl";
    private static readonly NsmContextKey<Installed> InstalledKey = new("vpp.acl.installed");
    private readonly IVppApi _vpp;
    private readonly VppAclRules _rules;
    private readonly bool _isClient;

    public AclCore(IVppApi vpp, VppAclRules rules, bool isClient)
    {
        _vpp = vpp ?? throw new ArgumentNullException(nameof(vpp));
        _rules = rules ?? throw new ArgumentNullException(nameof(rules));
        _isClient = isClient;
    }

    public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next) =>
        VppElement.RequestAsync(Element, request, context, next, (c, ct) => ApplyAsync(context, c, ct), (c, ctx) => CloseAsync(c, ctx, next));

    public async ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.MetadataMap(_isClient).TryLoadAndDelete(InstalledKey, out var installed))
        {
            if (installed.Bound)
            {
                await VppElement.CleanUpAsync(context, Element, connection.Id, ct =>
                    _vpp.RequestAsync<AclInterfaceSetAclList, AclInterfaceSetAclListReply>(
                        new AclInterfaceSetAclList { SwIfIndex = installed.SwIfIndex, NInput = 0, Acls = [] }, ct));
            }

            foreach (var acl in installed.Acls)
            {
                await VppElement.CleanUpAsync(context, Element, connection.Id, ct =>
                    _vpp.RequestAsync<AclDel, AclDelReply>(new AclDel { AclIndex = acl }, ct));
            }
        }

        await next.CloseAsync(connection, context);
    }

    private async Task ApplyAsync(NsmContext context, Connection connection, CancellationToken cancellationToken)
    {
        var map = context.MetadataMap(_isClient);
        if (_rules.IsEmpty || map.TryLoad(InstalledKey, out _))
        {
            return;
        }

        if (!VppInterfaces.TryLoad(context, _isClient, out var swIfIndex))
        {
            VppElementLog.NoInterface(context.Logger, Element, connection.Id, _isClient ? "client" : "server");
            return;
        }

        var installed = new Installed(swIfIndex);
        map.Store(InstalledKey, installed);
        byte nInput = 0;
        if (_rules.Ingress.Count > 0)
        {
            installed.Acls.Add(await AddAsync(_rules.Ingress, Tag("in", connection.Id), cancellationToken));
            nInput = 1;
        }

        if (_rules.Egress.Count > 0)
        {
            installed.Acls.Add(await AddAsync(_rules.Egress, Tag("out", connection.Id), cancellationToken));
        }

        installed.Bound = true;
        await _vpp.RequestAsync<AclInterfaceSetAclList, AclInterfaceSetAclListReply>(
            new AclInterfaceSetAclList { SwIfIndex = swIfIndex, NInput = nInput, Acls = [.. installed.Acls] }, cancellationToken);
    }

    private async Task<uint> AddAsync(IReadOnlyList<VppAclRule> rules, string tag, CancellationToken cancellationToken)
    {
        var reply = await _vpp.RequestAsync<AclAddReplace, AclAddReplaceReply>(
            new AclAddReplace { AclIndex = uint.MaxValue, Tag = tag, Rules = rules }, cancellationToken);
        return reply.AclIndex;
    }

    /// <summary>The ACL's tag: <c>nsm-&lt;in|out&gt;-&lt;connection id&gt;</c>, cut to VPP's 63 characters.</summary>
    private static string Tag(string direction, string connectionId)
    {
        var tag = $"nsm-{direction}-{connectionId}";
        return tag.Length > 63 ? tag[..63] : tag;
    }

    /// <summary>What one side's ACL element made for a connection.</summary>
    private sealed class Installed(uint swIfIndex)
    {
        public uint SwIfIndex { get; } = swIfIndex;

        public List<uint> Acls { get; } = [];

        /// <summary>Gets or sets whether the list was (or may have been) attached to the interface.</summary>
        public bool Bound { get; set; }
    }
}
