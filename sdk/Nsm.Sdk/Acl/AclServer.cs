using Grpc.Core;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Acl;

/// <summary>
/// Upstream <c>acl</c> (server side): once the rest of the chain has set up the connection, its interface on this side
/// (the KERNEL mechanism's <c>name</c>) gets the rule set; a Close removes it first. A connection whose rules cannot be
/// installed is closed downstream and refused, so no traffic passes unfiltered. An empty rule set passes everything
/// and installs nothing.
/// </summary>
/// <param name="enforcer">Installs the rules on the data path.</param>
public sealed class AclServer(IAclEnforcer enforcer) : INetworkServiceServer
{
    private readonly IAclEnforcer _enforcer = enforcer ?? throw new ArgumentNullException(nameof(enforcer));

    /// <inheritdoc />
    public async ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(context);
        var connection = await next.RequestAsync(request, context).ConfigureAwait(false);
        if (_enforcer.Rules.IsEmpty)
        {
            return connection;
        }

        try
        {
            var name = KernelMechanism.ToMechanism(connection.Mechanism)?.InterfaceName;
            if (string.IsNullOrEmpty(name))
            {
                throw new RpcException(new Status(StatusCode.FailedPrecondition, $"acl: the connection's mechanism ({connection.Mechanism?.Type ?? "none"}) names no kernel interface to filter"));
            }

            await _enforcer.ApplyAsync(connection.Id, name, context.CancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch (Exception e) when (e is not OperationCanceledException || !context.CancellationToken.IsCancellationRequested)
        {
            await CloseQuietlyAsync(connection, context, next).ConfigureAwait(false);
            throw e as RpcException ?? new RpcException(new Status(StatusCode.Internal, $"acl: the rules could not be installed: {e.Message}"));
        }
    }

    /// <inheritdoc />
    public async ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (!_enforcer.Rules.IsEmpty)
        {
            // Not the caller's token: a caller that gives up on its Close (a client stopping) must not leave the rules behind.
            await _enforcer.RemoveAsync(connection.Id, CancellationToken.None).ConfigureAwait(false);
        }

        await next.CloseAsync(connection, context).ConfigureAwait(false);
    }

    private static async ValueTask CloseQuietlyAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        try
        {
            await next.CloseAsync(connection, context).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RpcException or InvalidOperationException or IOException)
        {
            // The Request already fails with the acl error; a failed clean-up Close must not hide it.
        }
    }
}
