using System.Net;
using System.Security.Cryptography;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Nsm.Sdk.Core;
using Nsm.Sdk.Kernel.Configuration;
using Nsm.Sdk.Kernel.Namespaces;
using Nsm.Sdk.Kernel.Netlink;
using Nsm.Sdk.Kernel.WireGuard;

namespace Nsm.Sdk.Kernel.Forwarder.Remote;

/// <summary>
/// Creates a connection's WireGuard device (one per connection, its own port, its one peer allowed all addresses) in
/// the pod under the pod's interface name, with the connection's addresses and routes; on the side that waits, a
/// handshake that does not come fails the Request with what is wrong (key or reachability) and leaves nothing.
/// </summary>
internal static partial class WireGuardTunnels
{
    private static readonly IReadOnlyList<IPNetwork> Everything = [IPNetwork.Parse("0.0.0.0/0"), IPNetwork.Parse("::/0")];

    /// <summary>
    /// Makes the connection's device, or keeps the one in the pod that an earlier life of this forwarder made for it
    /// (a restart): same pod side (alias), this side's key (<see cref="WireGuardPlan.Identity"/>'s, or the advertised
    /// <see cref="WireGuardPlan.AdoptKey"/>), port and peer key. Anything else of that name in the pod is replaced.
    /// </summary>
    public static async Task<WireGuardDevice> CreateAsync(WireGuardDevices devices, WireGuardPlan plan, string? nodeNetNsPath, TimeSpan handshakeTimeout, ILogger logger, CancellationToken cancellationToken)
    {
        WireGuardDevice? device = null;
        try
        {
            using var pod = NetNs.OpenFromUrl(plan.Interface.NetNSUrl);
            using var podNl = await pod.OpenNetlinkAsync(cancellationToken).ConfigureAwait(false);
            if (await podNl.TryGetLinkAsync(plan.Interface.Name, cancellationToken).ConfigureAwait(false) is { } existing)
            {
                if (await TryKeepAsync(devices, plan, existing.Alias, nodeNetNsPath, logger, cancellationToken).ConfigureAwait(false) is { } kept)
                {
                    return kept;
                }

                if (await podNl.DeleteLinkIfExistsAsync(plan.Interface.Name, cancellationToken).ConfigureAwait(false))
                {
                    LogReplaced(logger, plan.Interface.Name, pod); // a stale interface of an earlier life of the connection
                }
            }

            device = await devices.CreateAsync(
                new WireGuardDeviceSpec("nsmwg" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5)), plan.Interface.NetNSUrl, plan.Interface.Name, plan.Identity.PrivateKey)
                {
                    UnderlayNetNs = nodeNetNsPath,
                    ListenPort = plan.Identity.Port,
                    Peer = PeerOf(plan),
                    Mtu = plan.Mtu,
                },
                cancellationToken).ConfigureAwait(false);
            await VethPairConfigurator.ConfigureEndAsync(podNl, new VethEndConfig(pod, plan.Interface.Name) { Addresses = plan.Interface.Addresses, Routes = plan.Interface.Routes }, cancellationToken).ConfigureAwait(false);
            await podNl.SetAliasAsync(plan.Interface.Name, plan.AliasOf(device.Name), cancellationToken).ConfigureAwait(false);
            if (plan.WaitForHandshake)
            {
                var result = await device.WaitForHandshakeAsync(handshakeTimeout, cancellationToken).ConfigureAwait(false);
                if (!result.Completed)
                {
                    throw new NsmStatusException(StatusOf(result.Failure), $"kernel forwarder: {plan}: {result.Message}");
                }
            }

            LogCreated(logger, plan, device.Name, device.Implementation, plan.Interface.Addresses);
            return device;
        }
        catch (Exception ex)
        {
            if (device is not null)
            {
                await device.DisposeAsync().ConfigureAwait(false);
            }

            if (ex is KernelException or WireGuardException or IOException or UnauthorizedAccessException or ArgumentException)
            {
                throw new NsmStatusException(StatusCode.Internal, $"kernel forwarder: creating {plan} failed: {ex.Message}", ex);
            }

            throw;
        }
    }

    /// <summary>
    /// The device of the connection's pod interface, when an earlier life of this forwarder made it for this plan: its
    /// alias names the device and this plan's pod side, and the device has this side's key and port and the plan's peer.
    /// A device of this plan's pod side that does not match is deleted.
    /// </summary>
    public static async Task<WireGuardDevice?> TryAdoptAsync(WireGuardDevices devices, WireGuardPlan plan, string? alias, string? nodeNetNsPath, ILogger logger, CancellationToken cancellationToken)
    {
        if (plan.DeviceNameIn(alias) is not { } name)
        {
            return null;
        }

        var device = await devices.TryAdoptAsync(name, plan.Interface.NetNSUrl, plan.Interface.Name, nodeNetNsPath, cancellationToken).ConfigureAwait(false);
        if (device is null)
        {
            return null;
        }

        var keyMatches = device.PublicKey.Equals(plan.Identity.PrivateKey.PublicKey) || device.PublicKey.Equals(plan.AdoptKey);
        if (keyMatches && device.ListenPort == plan.Identity.Port && device.Peer?.PublicKey.Equals(plan.PeerKey) == true)
        {
            return device;
        }

        LogNotKept(logger, plan, device.PublicKey, device.ListenPort, device.Peer?.PublicKey);
        await device.DisposeAsync().ConfigureAwait(false); // deletes it, and lets its wireguard-go go (socket and log removed)
        return null;
    }

    /// <summary>The device name recorded in a pod interface's alias, whatever the plan (for finding a device to recover an identity from).</summary>
    public static string? DeviceNameIn(string? alias)
    {
        if (alias is null || !alias.StartsWith(WireGuardPlan.AliasPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = alias[WireGuardPlan.AliasPrefix.Length..];
        var space = rest.IndexOf(' ', StringComparison.Ordinal);
        return space > 0 ? rest[..space] : null;
    }

    public static async Task DeleteAsync(WireGuardDevice device, WireGuardPlan plan, ILogger logger)
    {
        await device.DisposeAsync().ConfigureAwait(false);
        LogDeleted(logger, plan);
    }

    private static WireGuardPeer PeerOf(WireGuardPlan plan) =>
        new(plan.PeerKey) { Endpoint = plan.PeerEndpoint, AllowedIps = Everything, PersistentKeepalive = TimeSpan.FromSeconds(10) };

    // Keeps the pod's device when it is this plan's (the peer's endpoint is set again: it may have moved); a device
    // that is not is left to the caller to replace.
    private static async Task<WireGuardDevice?> TryKeepAsync(WireGuardDevices devices, WireGuardPlan plan, string? alias, string? nodeNetNsPath, ILogger logger, CancellationToken cancellationToken)
    {
        if (await TryAdoptAsync(devices, plan, alias, nodeNetNsPath, logger, cancellationToken).ConfigureAwait(false) is not { } device)
        {
            return null;
        }

        if (!Equals(device.Peer?.Endpoint, plan.PeerEndpoint))
        {
            await device.SetPeerAsync(PeerOf(plan), cancellationToken).ConfigureAwait(false);
        }

        LogKept(logger, plan, device.Name, device.Implementation);
        return device;
    }

    private static StatusCode StatusOf(WireGuardFailure failure) => failure switch
    {
        WireGuardFailure.WrongKey => StatusCode.Unauthenticated,
        WireGuardFailure.Unreachable => StatusCode.Unavailable,
        _ => StatusCode.FailedPrecondition,
    };

    [LoggerMessage(EventId = 2455, Level = LogLevel.Information, Message = "kernel forwarder: replaced a stale {Interface} in {NetNs}")]
    private static partial void LogReplaced(ILogger logger, string @interface, NetNs netNs);

    [LoggerMessage(EventId = 2456, Level = LogLevel.Information, Message = "kernel forwarder: created {Plan} (device {Device}, {Implementation}) [{Addresses}]")]
    private static partial void LogCreated(ILogger logger, WireGuardPlan plan, string device, WireGuardImplementation implementation, IReadOnlyList<NetlinkPrefix> addresses);

    [LoggerMessage(EventId = 2458, Level = LogLevel.Information, Message = "kernel forwarder: kept {Plan} (device {Device}, {Implementation}): made for this connection before a restart")]
    private static partial void LogKept(ILogger logger, WireGuardPlan plan, string device, WireGuardImplementation implementation);

    [LoggerMessage(EventId = 2459, Level = LogLevel.Information, Message = "kernel forwarder: not keeping the pod's device for {Plan}: it has key {Key}, port {Port}, peer {Peer}")]
    private static partial void LogNotKept(ILogger logger, WireGuardPlan plan, WireGuardKey key, int port, WireGuardKey? peer);

    [LoggerMessage(EventId = 2457, Level = LogLevel.Information, Message = "kernel forwarder: deleted {Plan}")]
    private static partial void LogDeleted(ILogger logger, WireGuardPlan plan);
}
