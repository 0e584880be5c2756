using Grpc.Core;
using Microsoft.Extensions.Logging;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Acl;

/// <summary>
/// Upstream <c>acl</c> (server side): once the rest of the chain has set up the connection, its interface on this side
/// (the KERNEL mechanism's <c>name</c>) gets the rule set; a Close removes it first. A Request that fails or is
/// cancelled after the rest of the chain succeeded (the rules could not be installed, or the caller gave up while they
/// were being installed) is closed here, rules and downstream, so no traffic passes unfiltered and nothing is left
/// behind; that Close has a context of its own with the Request's budget (upstream's "postpone"), as the Request's
/// may be cancelled already. An empty rule set passes everything and installs nothing.
/// </summary>
/// <param name="enforcer">Installs the rules on the data path.</param>
public sealed partial class AclServer(IAclEnforcer enforcer) : INetworkServiceServer
{
    private readonly IAclEnforcer _enforcer = enforcer ?? throw new ArgumentNullException(nameof(enforcer));

    /// <inheritdoc />
    public async ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(context);
        var postponed = PostponedClose.Capture(context);
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
        catch (Exception e)
        {
            if (await postponed.RunAsync(context, c => CloseAsync(connection.Clone(), c, next)).ConfigureAwait(false) is { } closeError)
            {
                LogCloseFailed(context.Logger, connection.Id, closeError.Message);
            }

            if (e is RpcException || (e is OperationCanceledException && context.CancellationToken.IsCancellationRequested))
            {
                throw;
            }

            throw new RpcException(new Status(StatusCode.Internal, $"acl: the rules could not be installed: {e.Message}"));
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

    [LoggerMessage(EventId = 1300, Level = LogLevel.Warning, Message = "acl: closing connection {ConnectionId} after its failed Request failed: {Error}")]
    private static partial void LogCloseFailed(ILogger logger, string connectionId, string error);
}
