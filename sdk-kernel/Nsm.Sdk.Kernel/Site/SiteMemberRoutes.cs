using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Nsm.Sdk.Common.SiteTunnel;
using Nsm.Sdk.Kernel.Netlink;

namespace Nsm.Sdk.Kernel.Site;

/// <summary>
/// The other nodes' half of the <c>nsm-config</c> tunnel: the prefixes the tunnel carries (<c>tunnel.routes</c> and
/// the host of <c>registry.url</c>) routed through the gateway node, so every node's forwarder and nsmgr reach the
/// other cluster through it. <see cref="ApplyAsync"/> makes the routes match a new <c>nsm.yaml</c>; null removes them.
/// </summary>
/// <param name="gateway">The gateway node's address (on this node's network).</param>
/// <param name="routeRegistry">Whether the host of <c>registry.url</c> is routed too.</param>
/// <param name="logger">The logger; none when null.</param>
/// <param name="netNsPath">The namespace whose routes these are (a path), or null for this process's own.</param>
public sealed partial class SiteMemberRoutes(IPAddress gateway, bool routeRegistry = true, ILogger? logger = null, string? netNsPath = null) : IAsyncDisposable
{
    private readonly ILogger _logger = logger ?? NullLogger.Instance;
    private SiteTunnelSettings? _applied;

    /// <summary>Gets the prefixes routed through the gateway now.</summary>
    public IReadOnlyList<NetlinkPrefix> Routes { get; private set; } = [];

    /// <summary>Makes the routes match <paramref name="settings"/> (null: none).</summary>
    /// <param name="settings">The tunnel, or null.</param>
    /// <param name="cancellationToken">Cancels the change.</param>
    /// <returns>Null when the routes are as asked, else the problem (also logged).</returns>
    public async Task<string?> ApplyAsync(SiteTunnelSettings? settings, CancellationToken cancellationToken = default)
    {
        if (Equals(settings, _applied) && (settings is null || Routes.Count > 0))
        {
            return null;
        }

        try
        {
            IReadOnlyList<NetlinkPrefix> wanted = [];
            if (settings is not null)
            {
                var peer = IPAddress.TryParse(settings.PeerHost, out var literal) ? literal : IPAddress.None;
                (wanted, var problem) = await SiteTunnelRoutes.ResolveAsync(settings, peer, routeRegistry, cancellationToken).ConfigureAwait(false);
                if (problem is not null)
                {
                    LogProblem(_logger, problem);
                }
            }

            using var nl = await NetNsNetlink.OpenAsync(netNsPath, cancellationToken).ConfigureAwait(false);
            foreach (var stale in Routes.Except(wanted))
            {
                await DeleteAsync(nl, stale, cancellationToken).ConfigureAwait(false);
            }

            foreach (var route in wanted)
            {
                await nl.ReplaceRouteAsync(new Route { Destination = route, Gateway = gateway }, cancellationToken).ConfigureAwait(false);
            }

            Routes = wanted;
            _applied = settings;
            LogRouted(_logger, wanted.Count, gateway, wanted);
            return null;
        }
        catch (KernelException e)
        {
            LogProblem(_logger, $"routing through {gateway} failed: {e.Message}");
            return e.Message;
        }
    }

    /// <summary>Removes the routes.</summary>
    /// <returns>A task.</returns>
    public async ValueTask DisposeAsync()
    {
        using var nl = await NetNsNetlink.OpenAsync(netNsPath, CancellationToken.None).ConfigureAwait(false);
        foreach (var route in Routes)
        {
            await DeleteAsync(nl, route, CancellationToken.None).ConfigureAwait(false);
        }

        Routes = [];
        _applied = null;
    }

    private async Task DeleteAsync(NetlinkHandle nl, NetlinkPrefix route, CancellationToken cancellationToken)
    {
        try
        {
            await nl.DeleteRouteAsync(new Route { Destination = route, Gateway = gateway }, cancellationToken).ConfigureAwait(false);
        }
        catch (KernelException e)
        {
            LogProblem(_logger, $"removing the route to {route.Network} via {gateway}: {e.Message}");
        }
    }

    [LoggerMessage(EventId = 2484, Level = LogLevel.Information, Message = "site tunnel: {Count} prefixes routed through the gateway {Gateway}: {Routes}")]
    private static partial void LogRouted(ILogger logger, int count, IPAddress gateway, IReadOnlyList<NetlinkPrefix> routes);

    [LoggerMessage(EventId = 2485, Level = LogLevel.Warning, Message = "site tunnel: {Problem}")]
    private static partial void LogProblem(ILogger logger, string problem);
}
