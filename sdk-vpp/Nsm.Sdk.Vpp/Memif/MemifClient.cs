using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Core;
using Nsm.Sdk.Vpp.Common;
using Nsm.Vpp;

namespace Nsm.Sdk.Vpp.Memif;

/// <summary>
/// The forwarder's side towards a memif endpoint (upstream's memif client with <c>WithChangeNetNS</c>): it offers a
/// <c>MEMIF</c> preference (with no namespace: the endpoint names its own), and when the endpoint answers with
/// <c>MEMIF</c>, VPP connects as slave to the endpoint's <c>socketfile</c> inside the endpoint's namespace
/// (<c>memif_socket_filename_add_del_v2</c> → <c>memif_create_v2</c> → admin up). The interface is the client side's
/// <see cref="VppInterfaces"/>. Close deletes the memif and its socket, then closes the rest of the chain.
/// </summary>
public sealed class MemifClient : INetworkServiceClient
{
    private readonly IVppApi _vpp;
    private readonly ILogger _logger;

    /// <summary>Initializes the element.</summary>
    /// <param name="vpp">VPP.</param>
    /// <param name="logger">Logs clean-up failures.</param>
    public MemifClient(IVppApi vpp, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(vpp);
        _vpp = vpp;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <inheritdoc/>
    public async ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (!request.MechanismPreferences.Any(m => MemifMechanism.ToMechanism(m) is not null))
        {
            request.MechanismPreferences.Add(MemifMechanism.NewAbstract(string.Empty));
            MemifMechanism.ToMechanism(request.MechanismPreferences[^1])!.NetNSUrl = string.Empty;
        }

        var connection = await next.RequestAsync(request, context);
        if (MemifMechanism.ToMechanism(connection.Mechanism) is not { } memif)
        {
            return connection;
        }

        if (string.IsNullOrEmpty(memif.SocketFilename))
        {
            await DownstreamRollback.CloseAsync(connection, context, next, _logger);
            throw new NsmStatusException(Grpc.Core.StatusCode.InvalidArgument, "the endpoint chose MEMIF without a socketfile");
        }

        return await DownstreamRollback.SetUpAsync(
            connection,
            context,
            next,
            isClient: true,
            async () =>
            {
                await MemifInterfaces.EnsureAsync(
                    _vpp, context, isClient: true, MemifInterfaces.VppSocketName(memif.SocketFilename, memif.NetNSUrl), MemifInterfaces.Mode(connection), _logger);
            },
            null,
            _logger);
    }

    /// <inheritdoc/>
    public async ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(next);
        await MemifInterfaces.DeleteAsync(_vpp, context, isClient: true, _logger);
        await next.CloseAsync(connection, context);
    }
}
