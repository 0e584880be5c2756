using Grpc.Core;
using Microsoft.Extensions.Logging;
using Nsm.Sdk.Core;
using Nsm.Sdk.Kernel.Configuration;
using Nsm.Sdk.Kernel.Namespaces;
using Nsm.Sdk.Kernel.Netlink;

namespace Nsm.Sdk.Kernel.Forwarder.Remote;

/// <summary>
/// Creates and deletes vxlan devices: each is made from the node's namespace and born in the pod's
/// (RTM_NEWLINK with IFLA_NET_NS_FD), so its UDP socket stays on the node network while the device is the pod's.
/// </summary>
internal static partial class VxlanDevices
{
    /// <summary>Creates and configures the device; a stale one of the same name in the pod is replaced. On failure nothing is left.</summary>
    public static async Task CreateAsync(VxlanDevice device, NetNs node, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            using var pod = NetNs.OpenFromUrl(device.Interface.NetNSUrl);
            using var nodeNl = await node.OpenNetlinkAsync(cancellationToken).ConfigureAwait(false);
            using var podNl = await pod.OpenNetlinkAsync(cancellationToken).ConfigureAwait(false);
            var spec = new VxlanLink(device.Interface.Name, device.Vni)
            {
                Local = device.Local,
                Remote = device.Remote,
                Port = device.Port,
                Learning = false,
                Mtu = device.Mtu,
                Namespace = pod,
            };
            if (await podNl.TryGetLinkAsync(device.Interface.Name, cancellationToken).ConfigureAwait(false) is { } existing)
            {
                if (existing.Kind == "vxlan" && existing.Alias == device.Signature)
                {
                    // Made by an earlier life of this forwarder for the same connection (a restart): the data plane
                    // survived, so the pod keeps its interface.
                    LogKept(logger, device);
                    return;
                }

                // A stale interface of this name in the pod (an earlier life of the connection): replace it.
                LogReplacing(logger, device.Interface.Name, pod);
                await podNl.DeleteLinkIfExistsAsync(device.Interface.Name, cancellationToken).ConfigureAwait(false);
            }

            await nodeNl.AddLinkAsync(spec, cancellationToken).ConfigureAwait(false);

            try
            {
                await VethPairConfigurator.ConfigureEndAsync(podNl, new VethEndConfig(pod, device.Interface.Name) { Addresses = device.Interface.Addresses, Routes = device.Interface.Routes }, cancellationToken).ConfigureAwait(false);
                await podNl.SetAliasAsync(device.Interface.Name, device.Signature, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await podNl.DeleteLinkIfExistsAsync(device.Interface.Name, CancellationToken.None).ConfigureAwait(false);
                throw;
            }

            LogCreated(logger, device, device.Interface.Addresses);
        }
        catch (NetlinkException ex) when (ex.IsAlreadyExists)
        {
            // The pod had no interface of this name: the node's vxlan socket has this VNI already.
            throw new NsmStatusException(StatusCode.AlreadyExists, $"kernel forwarder: {device}: the VNI is in use on this node ({ex.Message})", ex);
        }
        catch (Exception ex) when (ex is KernelException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new NsmStatusException(StatusCode.Internal, $"kernel forwarder: creating {device} failed: {ex.Message}", ex);
        }
    }

    /// <summary>Deletes the device; a pod namespace that is gone took it along.</summary>
    public static async Task DeleteAsync(VxlanDevice device, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            using var pod = NetNs.OpenFromUrl(device.Interface.NetNSUrl);
            using var podNl = await pod.OpenNetlinkAsync(cancellationToken).ConfigureAwait(false);
            if (await podNl.TryGetLinkAsync(device.Interface.Name, cancellationToken).ConfigureAwait(false) is { Kind: "vxlan" })
            {
                await podNl.DeleteLinkIfExistsAsync(device.Interface.Name, cancellationToken).ConfigureAwait(false);
            }

            LogDeleted(logger, device);
        }
        catch (Exception ex) when (ex is KernelException or IOException or UnauthorizedAccessException or ArgumentException or OperationCanceledException)
        {
            LogGone(logger, ex, device);
        }
    }

    [LoggerMessage(EventId = 2450, Level = LogLevel.Information, Message = "kernel forwarder: replacing a stale {Interface} in {NetNs}")]
    private static partial void LogReplacing(ILogger logger, string @interface, NetNs netNs);

    [LoggerMessage(EventId = 2470, Level = LogLevel.Information, Message = "kernel forwarder: kept {Device}: made for this connection before a restart")]
    private static partial void LogKept(ILogger logger, VxlanDevice device);

    [LoggerMessage(EventId = 2451, Level = LogLevel.Information, Message = "kernel forwarder: created {Device} [{Addresses}]")]
    private static partial void LogCreated(ILogger logger, VxlanDevice device, IReadOnlyList<NetlinkPrefix> addresses);

    [LoggerMessage(EventId = 2452, Level = LogLevel.Information, Message = "kernel forwarder: deleted {Device}")]
    private static partial void LogDeleted(ILogger logger, VxlanDevice device);

    [LoggerMessage(EventId = 2453, Level = LogLevel.Information, Message = "kernel forwarder: {Device} went with its pod's namespace")]
    private static partial void LogGone(ILogger logger, Exception ex, VxlanDevice device);
}
