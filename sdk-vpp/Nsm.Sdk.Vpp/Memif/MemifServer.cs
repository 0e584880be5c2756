using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Core;
using Nsm.Sdk.Vpp.Common;
using Nsm.Vpp;

namespace Nsm.Sdk.Vpp.Memif;

/// <summary>
/// The forwarder's side towards a memif caller (upstream's memif server with <c>WithChangeNetNS</c>): after <c>next</c>,
/// when the connection's mechanism is <c>MEMIF</c>, it names an abstract socket
/// <c>@&lt;SocketDirectory&gt;/&lt;connection id&gt;/memif.socket</c> in the mechanism (<c>socketfile</c>), and VPP serves it
/// as master <b>inside the caller's network namespace</b> (the mechanism's <c>inodeURL</c>, <c>file://&lt;netns path&gt;</c>):
/// <c>memif_socket_filename_add_del_v2</c> → <c>memif_create_v2</c> → admin up. The interface is the server side's
/// <see cref="VppInterfaces"/>. Close deletes the memif and its socket. The direct memif proxy is not part of this element.
/// </summary>
public sealed class MemifServer : INetworkServiceServer
{
    private readonly IVppApi _vpp;
    private readonly MemifOptions _options;
    private readonly ILogger _logger;

    /// <summary>Initializes the element.</summary>
    /// <param name="vpp">VPP.</param>
    /// <param name="options">Options; defaults when <see langword="null"/>.</param>
    /// <param name="logger">Logs clean-up failures.</param>
    public MemifServer(IVppApi vpp, MemifOptions? options = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(vpp);
        _vpp = vpp;
        _options = options ?? new MemifOptions();
        _logger = logger ?? NullLogger.Instance;
    }

    /// <inheritdoc/>
    public async ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var connection = await next.RequestAsync(request, context);
        if (MemifMechanism.ToMechanism(connection.Mechanism) is not { } memif)
        {
            return connection;
        }

        memif.SocketFilename = "@" + System.IO.Path.Combine(_options.SocketDirectory, connection.Id, "memif.socket");
        return await DownstreamRollback.SetUpAsync(
            connection,
            context,
            next,
            isClient: false,
            async () =>
            {
                await MemifInterfaces.EnsureAsync(
                    _vpp, context, isClient: false, MemifInterfaces.VppSocketName(memif.SocketFilename, memif.NetNSUrl), MemifInterfaces.Mode(connection), _logger);
            },
            null,
            _logger);
    }

    /// <inheritdoc/>
    public async ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(next);
        await MemifInterfaces.DeleteAsync(_vpp, context, isClient: false, _logger);
        await next.CloseAsync(connection, context);
    }
}
