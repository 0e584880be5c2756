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

    public static async Task<WireGuardDevice> CreateAsync(WireGuardDevices devices, WireGuardPlan plan, string? nodeNetNsPath, TimeSpan handshakeTimeout, ILogger logger, CancellationToken cancellationToken)
    {
        WireGuardDevice? device = null;
        try
        {
            using var pod = NetNs.OpenFromUrl(plan.Interface.NetNSUrl);
            using var podNl = await pod.OpenNetlinkAsync(cancellationToken).ConfigureAwait(false);
            if (await podNl.DeleteLinkIfExistsAsync(plan.Interface.Name, cancellationToken).ConfigureAwait(false))
            {
                LogReplaced(logger, plan.Interface.Name, pod); // a stale interface of an earlier life of the connection
            }

            device = await devices.CreateAsync(
                new WireGuardDeviceSpec("nsmwg" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5)), plan.Interface.NetNSUrl, plan.Interface.Name, plan.Identity.PrivateKey)
                {
                    UnderlayNetNs = nodeNetNsPath,
                    ListenPort = plan.Identity.Port,
                    Peer = new WireGuardPeer(plan.PeerKey) { Endpoint = plan.PeerEndpoint, AllowedIps = Everything, PersistentKeepalive = TimeSpan.FromSeconds(10) },
                    Mtu = plan.Mtu,
                },
                cancellationToken).ConfigureAwait(false);
            await VethPairConfigurator.ConfigureEndAsync(podNl, new VethEndConfig(pod, plan.Interface.Name) { Addresses = plan.Interface.Addresses, Routes = plan.Interface.Routes }, cancellationToken).ConfigureAwait(false);
            if (plan.WaitForHandshake)
            {
                var result = await device.WaitForHandshakeAsync(handshakeTimeout, cancellationToken).ConfigureAwait(false);
                if (!result.Completed)
                {
                    throw new NsmStatusException(StatusOf(result.Failure), $"kernel forwarder: {plan}: {result.Message}");
                }
            }

            LogCreated(logger, plan, device.Name, plan.Interface.Addresses);
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

    public static async Task DeleteAsync(WireGuardDevice device, WireGuardPlan plan, ILogger logger)
    {
        await device.DisposeAsync().ConfigureAwait(false);
        LogDeleted(logger, plan);
    }

    private static StatusCode StatusOf(WireGuardFailure failure) => failure switch
    {
        WireGuardFailure.WrongKey => StatusCode.Unauthenticated,
        WireGuardFailure.Unreachable => StatusCode.Unavailable,
        _ => StatusCode.FailedPrecondition,
    };

    [LoggerMessage(EventId = 2455, Level = LogLevel.Information, Message = "kernel forwarder: replaced a stale {Interface} in {NetNs}")]
    private static partial void LogReplaced(ILogger logger, string @interface, NetNs netNs);

    [LoggerMessage(EventId = 2456, Level = LogLevel.Information, Message = "kernel forwarder: created {Plan} (device {Device}) [{Addresses}]")]
    private static partial void LogCreated(ILogger logger, WireGuardPlan plan, string device, IReadOnlyList<NetlinkPrefix> addresses);

    [LoggerMessage(EventId = 2457, Level = LogLevel.Information, Message = "kernel forwarder: deleted {Plan}")]
    private static partial void LogDeleted(ILogger logger, WireGuardPlan plan);
}
