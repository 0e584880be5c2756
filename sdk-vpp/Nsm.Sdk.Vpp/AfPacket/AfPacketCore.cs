using Nsm.Api.NetworkService;
using Nsm.Sdk.Core;
using Nsm.Sdk.Vpp.Common;
using Nsm.Vpp;
using Nsm.Vpp.Messages.AfPacket;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Sdk.Vpp.AfPacket;

/// <summary>
/// Creates a VPP af_packet interface on one side's host interface after the rest of the chain answered (once per
/// connection: a refresh that finds the side's interface keeps it), stores its sw_if_index for the elements after it, and
/// deletes it on Close.
/// </summary>
internal sealed class AfPacketCore
{
    private const string Element = "afpacket";
    private static readonly NsmContextKey<string> HostNameKey = new("vpp.afpacket.host-if-name");
    private readonly IVppApi _vpp;
    private readonly AfPacketOptions _options;
    private readonly bool _isClient;

    public AfPacketCore(IVppApi vpp, AfPacketOptions options, bool isClient)
    {
        _vpp = vpp ?? throw new ArgumentNullException(nameof(vpp));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        ArgumentNullException.ThrowIfNull(options.HostInterfaceName);
        _isClient = isClient;
    }

    public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next) =>
        VppElement.RequestAsync(Element, request, context, next, (c, ct) => ApplyAsync(context, c, ct), (c, ctx) => CloseAsync(c, ctx, next));

    public async ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.MetadataMap(_isClient).TryLoadAndDelete(HostNameKey, out var hostName))
        {
            VppInterfaces.TryLoadAndDelete(context, _isClient, out _);
            await DeleteAsync(_vpp, context, Element, connection.Id, hostName);
        }

        await next.CloseAsync(connection, context);
    }

    private async Task ApplyAsync(NsmContext context, Connection connection, CancellationToken cancellationToken)
    {
        if (VppInterfaces.TryLoad(context, _isClient, out _))
        {
            return;
        }

        var hostName = _options.HostInterfaceName(connection);
        if (string.IsNullOrEmpty(hostName))
        {
            return;
        }

        var swIfIndex = await CreateAsync(_vpp, hostName, _options.HardwareAddress?.Invoke(connection), _options.FrameSize, cancellationToken);
        context.MetadataMap(_isClient).Store(HostNameKey, hostName);
        VppInterfaces.Store(context, _isClient, swIfIndex);
    }

    /// <summary>
    /// Creates an ethernet-mode, TPACKET v2 af_packet interface on <paramref name="hostName"/> (upstream's parameters) with
    /// checksum offload (<c>CKSUM_GSO</c>: virtio-net headers): a veth whose far end this process does not own hands VPP
    /// TCP and UDP packets whose checksum is only partial, and VPP passes that on instead of sending them out broken.
    /// </summary>
    /// <returns>Its sw_if_index.</returns>
    internal static async Task<uint> CreateAsync(IVppApi vpp, string hostName, MacAddress? mac, uint frameSize, CancellationToken cancellationToken)
    {
        var create = new AfPacketCreateV3
        {
            Mode = AfPacketMode.Ethernet,
            HwAddr = mac ?? default,
            UseRandomHwAddr = mac is null,
            HostIfName = hostName,
            RxFrameSize = frameSize,
            TxFrameSize = frameSize,
            Flags = AfPacketFlags.Version2 | AfPacketFlags.CksumGso,
            NumRxQueues = 1,
            NumTxQueues = 1,
        };
        var reply = await vpp.RequestAsync<AfPacketCreateV3, AfPacketCreateV3Reply>(create, cancellationToken);
        return reply.SwIfIndex;
    }

    /// <summary>Deletes the af_packet interface on <paramref name="hostName"/> as one clean-up call of a Close.</summary>
    internal static Task<bool> DeleteAsync(IVppApi vpp, NsmContext context, string element, string connectionId, string hostName) =>
        VppElement.CleanUpAsync(context, element, connectionId, ct =>
            vpp.RequestAsync<AfPacketDelete, AfPacketDeleteReply>(new AfPacketDelete { HostIfName = hostName }, ct));
}
