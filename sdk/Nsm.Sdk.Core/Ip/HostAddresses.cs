using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Nsm.Sdk.Core;

/// <summary>The addresses of the network namespace the calling process runs in.</summary>
public static class HostAddresses
{
    /// <summary>The first IPv4 address of an up, non-loopback interface (a node's address), or <see langword="null"/>.</summary>
    /// <returns>The address, or <see langword="null"/> when the namespace has none.</returns>
    public static IPAddress? FirstNonLoopbackIPv4() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
}
