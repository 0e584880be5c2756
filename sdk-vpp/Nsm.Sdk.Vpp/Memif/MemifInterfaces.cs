using Microsoft.Extensions.Logging;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Core;
using Nsm.Sdk.Vpp.Common;
using Nsm.Vpp;
using Nsm.Vpp.Messages.Interfaces;
using Nsm.Vpp.Messages.Memif;
using Nsm.Vpp.Messages.Types;

namespace Nsm.Sdk.Vpp.Memif;

/// <summary>
/// One side's memif in VPP: <c>memif_socket_filename_add_del_v2</c> (a socket of its own, id allocated by VPP) →
/// <c>memif_create_v2</c> (master on the server side, slave on the client side) → admin up; undone in reverse.
/// </summary>
internal static class MemifInterfaces
{
    private static readonly NsmContextKey<MemifState> ServerKey = new("vpp.memif.server");
    private static readonly NsmContextKey<MemifState> ClientKey = new("vpp.memif.client");

    /// <summary>The name VPP takes for a socket: <c>abstract:&lt;name&gt;</c> for <c>@name</c>, and the namespace VPP opens it in.</summary>
    public static string VppSocketName(string socketFile, string netnsUrl)
    {
        var name = socketFile.StartsWith('@') ? "abstract:" + socketFile[1..] : socketFile;
        const string scheme = MemifMechanism.FileScheme + "://";
        return netnsUrl.StartsWith(scheme, StringComparison.Ordinal) && netnsUrl.Length > scheme.Length
            ? name + ",netns_name=" + netnsUrl[scheme.Length..]
            : name;
    }

    public static MemifMode Mode(Connection connection) =>
        string.Equals(connection.Payload, Payloads.IP, StringComparison.Ordinal) ? MemifMode.Ip : MemifMode.Ethernet;

    /// <summary>Creates the memif (a refresh with the same socket is a no-op; another socket replaces the old memif).</summary>
    /// <returns>Whether this call created it.</returns>
    public static async Task<bool> EnsureAsync(IVppApi vpp, NsmContext context, bool isClient, string vppSocketName, MemifMode mode, ILogger logger)
    {
        var metadata = context.MetadataMap(isClient);
        if (metadata.TryLoad(Key(isClient), out var existing))
        {
            if (string.Equals(existing.SocketFilename, vppSocketName, StringComparison.Ordinal))
            {
                return false;
            }

            await DeleteAsync(vpp, context, isClient, logger);
        }

        var ct = context.CancellationToken;
        var socket = await VppCall.RequestAsync<MemifSocketFilenameAddDelV2, MemifSocketFilenameAddDelV2Reply>(
            vpp, new MemifSocketFilenameAddDelV2 { IsAdd = true, SocketId = uint.MaxValue, SocketFilename = vppSocketName }, ct);
        uint swIfIndex;
        try
        {
            var created = await VppCall.RequestAsync<MemifCreateV2, MemifCreateV2Reply>(
                vpp, new MemifCreateV2 { Role = isClient ? MemifRole.Slave : MemifRole.Master, Mode = mode, SocketId = socket.SocketId }, ct);
            swIfIndex = created.SwIfIndex;
            try
            {
                await VppCall.RequestAsync<SwInterfaceSetFlags, SwInterfaceSetFlagsReply>(
                    vpp, new SwInterfaceSetFlags { SwIfIndex = swIfIndex, Flags = IfStatusFlags.AdminUp }, ct);
            }
            catch
            {
                await DeleteMemifAsync(vpp, swIfIndex, logger);
                throw;
            }
        }
        catch
        {
            await DeleteSocketAsync(vpp, socket.SocketId, vppSocketName, logger);
            throw;
        }

        metadata.Store(Key(isClient), new MemifState(socket.SocketId, swIfIndex, vppSocketName));
        VppInterfaces.Store(context, isClient, swIfIndex);
        return true;
    }

    /// <summary>Deletes what <see cref="EnsureAsync"/> made (nothing when there is nothing: Close is idempotent).</summary>
    public static async Task DeleteAsync(IVppApi vpp, NsmContext context, bool isClient, ILogger logger)
    {
        if (!context.MetadataMap(isClient).TryLoadAndDelete(Key(isClient), out var state))
        {
            return;
        }

        VppInterfaces.TryLoadAndDelete(context, isClient, out _);
        await DeleteMemifAsync(vpp, state.SwIfIndex, logger);
        await DeleteSocketAsync(vpp, state.SocketId, state.SocketFilename, logger);
    }

    private static Task<bool> DeleteMemifAsync(IVppApi vpp, uint swIfIndex, ILogger logger) =>
        VppCall.UndoAsync(logger, "memif_delete", () =>
            VppCall.RequestAsync<MemifDelete, MemifDeleteReply>(vpp, new MemifDelete { SwIfIndex = swIfIndex }, CancellationToken.None));

    private static Task<bool> DeleteSocketAsync(IVppApi vpp, uint socketId, string name, ILogger logger) =>
        VppCall.UndoAsync(logger, "memif_socket_filename_add_del_v2", () =>
            VppCall.RequestAsync<MemifSocketFilenameAddDelV2, MemifSocketFilenameAddDelV2Reply>(
                vpp, new MemifSocketFilenameAddDelV2 { IsAdd = false, SocketId = socketId, SocketFilename = name }, CancellationToken.None));

    private static NsmContextKey<MemifState> Key(bool isClient) => isClient ? ClientKey : ServerKey;

    private sealed record MemifState(uint SocketId, uint SwIfIndex, string SocketFilename);
}
