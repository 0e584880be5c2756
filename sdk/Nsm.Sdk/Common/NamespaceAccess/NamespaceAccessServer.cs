using System.Globalization;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Common.Mechanisms.FdPassing;
using Nsm.Sdk.Core;
using Nsm.Sdk.Core.FdPassing;

namespace Nsm.Sdk.Common.NamespaceAccess;

/// <summary>
/// A Request may only name a namespace (any mechanism's <c>inodeURL</c>) its caller proved access to: a descriptor
/// the caller passed (after <see cref="RecvFdServer"/>), the caller's own network namespace (SO_PEERCRED pid), or any
/// path for a trusted caller (<see cref="NamespaceAccessOptions"/>); in-process calls are trusted. Anything else is
/// refused with PermissionDenied before the rest of the chain runs, so nothing is created. Close is not checked.
/// </summary>
/// <param name="options">Who is trusted; nobody when null.</param>
public sealed partial class NamespaceAccessServer(NamespaceAccessOptions? options = null) : INetworkServiceServer
{
    private readonly NamespaceAccessOptions _options = options ?? new NamespaceAccessOptions();

    /// <inheritdoc />
    public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (_options.TrustAll || !context.TryGet(GrpcCallContextKeys.RequestHeaders, out _))
        {
            return next.RequestAsync(request, context);
        }

        context.TryGet(GrpcCallContextKeys.FdReceiver, out var receiver);
        var peer = receiver?.Peer;
        if (peer is not null && _options.TrustedUids.Contains(peer.Uid))
        {
            return next.RequestAsync(request, context);
        }

        context.TryGet(RecvFdServer.ReceivedUrls, out var received);
        foreach (var mechanism in request.MechanismPreferences.Append(request.Connection?.Mechanism))
        {
            if (mechanism is null || !mechanism.Parameters.TryGetValue(CommonParameters.InodeUrl, out var url) || url.Length == 0
                || received?.Contains(url) == true || IsCallersOwn(url, peer))
            {
                continue;
            }

            var caller = peer is null ? "a caller without unix-socket credentials" : string.Create(CultureInfo.InvariantCulture, $"pid {peer.Pid} uid {peer.Uid}");
            LogDenied(context.Logger, request.Connection?.Id ?? string.Empty, mechanism.Type, url, caller);
            throw new NsmStatusException(
                StatusCode.PermissionDenied,
                $"namespace access: the {mechanism.Type} mechanism names {url}, which {caller} did not prove access to: pass the namespace's file descriptor over the unix socket (grpcfd), or be trusted ({NamespaceAccessOptions.EnvironmentVariable})");
        }

        return next.RequestAsync(request, context);
    }

    /// <inheritdoc />
    public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return next.CloseAsync(connection, context);
    }

    private static bool IsCallersOwn(string url, PeerCredentials? peer)
    {
        if (peer is not { Pid: > 0 } || !FdInode.TryOfPath(string.Create(CultureInfo.InvariantCulture, $"/proc/{peer.Pid}/ns/net"), out var own))
        {
            return false;
        }

        if (FdInode.TryParseUrl(url, out var named))
        {
            return named == own;
        }

        // A path in this process's view: /proc/thread-self and /proc/self would name the server's own namespace.
        return InodeUrlParameters.FilePath(url) is { } path
            && !path.StartsWith("/proc/self/", StringComparison.Ordinal) && !path.StartsWith("/proc/thread-self/", StringComparison.Ordinal)
            && FdInode.TryOfPath(path, out var target) && target == own;
    }

    [LoggerMessage(EventId = 2550, Level = LogLevel.Warning, Message = "namespace access denied: connection {ConnectionId}, {MechanismType} names {Url}, not proven by {Caller}")]
    private static partial void LogDenied(ILogger logger, string connectionId, string mechanismType, string url, string caller);
}
