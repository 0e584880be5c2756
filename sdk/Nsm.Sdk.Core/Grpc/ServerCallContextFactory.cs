using Grpc.Core;
using Microsoft.Extensions.Logging;
using Nsm.Sdk.Api;

namespace Nsm.Sdk.Core;

/// <summary>Builds the <see cref="NsmContext"/> of an incoming gRPC call.</summary>
public static class ServerCallContextFactory
{
    /// <summary>
    /// The <see cref="ServerCallContext.UserState"/> key under which the transport puts the caller's TLS leaf
    /// certificate (<see cref="System.Security.Cryptography.X509Certificates.X509Certificate2"/>), read into
    /// <see cref="PeerInfo.Certificate"/>.
    /// </summary>
    public const string PeerCertificateKey = "nsm.peer-certificate";

    /// <summary>The <see cref="ServerCallContext.UserState"/> key of the certificate this server presented on the call's connection, read into <see cref="PeerInfo.LocalCertificate"/>.</summary>
    public const string LocalCertificateKey = "nsm.local-certificate";

    /// <summary>
    /// The <see cref="ServerCallContext.UserState"/> key of the caller's other verified certificates of the same SPIFFE ID
    /// (an <c>IReadOnlyList&lt;X509Certificate2&gt;</c>), read into <see cref="PeerInfo.OtherCertificates"/>.
    /// </summary>
    public const string PeerOtherCertificatesKey = "nsm.peer-other-certificates";

    /// <summary>The <see cref="ServerCallContext.UserState"/> key of the caller's verified SPIFFE ID (a string), read into <see cref="PeerInfo.SpiffeId"/>.</summary>
    public const string PeerSpiffeIdKey = "nsm.peer-spiffe-id";

    /// <summary>Creates the context of an incoming call.</summary>
    /// <param name="call">The gRPC call.</param>
    /// <param name="clock">The clock.</param>
    /// <param name="logger">The logger.</param>
    /// <returns>The context.</returns>
    public static NsmContext Create(ServerCallContext call, TimeProvider clock, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(call);
        DateTimeOffset? deadline = call.Deadline == DateTime.MaxValue ? null : new DateTimeOffset(call.Deadline.ToUniversalTime());
        var token = Single(call.RequestHeaders, TokenMetadata.TokenKey);
        var expiresText = Single(call.RequestHeaders, TokenMetadata.ExpiresKey);
        DateTimeOffset? expires = expiresText is not null && TokenMetadata.TryParseExpires(expiresText, out var e) ? e : null;
        var context = new NsmContext(clock, logger, deadline, call.CancellationToken)
        {
            Peer = new PeerInfo(call.Peer, token, token is null ? null : expires, UserState<string>(call, PeerSpiffeIdKey))
            {
                Certificate = UserState<System.Security.Cryptography.X509Certificates.X509Certificate2>(call, PeerCertificateKey),
                LocalCertificate = UserState<System.Security.Cryptography.X509Certificates.X509Certificate2>(call, LocalCertificateKey),
                OtherCertificates = UserState<IReadOnlyList<System.Security.Cryptography.X509Certificates.X509Certificate2>>(call, PeerOtherCertificatesKey) ?? [],
            },
        };
        context.Set(GrpcCallContextKeys.RequestHeaders, call.RequestHeaders);
        if (call.UserState.TryGetValue(GrpcCallContextKeys.FdReceiverUserStateKey, out var receiver) && receiver is FdPassing.IFdReceiver fds)
        {
            context.Set(GrpcCallContextKeys.FdReceiver, fds);
        }

        if (call.UserState.TryGetValue(GrpcCallContextKeys.FdSenderUserStateKey, out var sender) && sender is FdPassing.IFdSender back)
        {
            context.Set(GrpcCallContextKeys.FdSender, back);
        }

        return context;
    }

    private static T? UserState<T>(ServerCallContext call, string key)
        where T : class =>
        call.UserState.TryGetValue(key, out var value) ? value as T : null;

    // A key that is missing or repeated means "no token" (upstream logs and goes on without one).
    private static string? Single(Metadata headers, string key)
    {
        string? found = null;
        foreach (var entry in headers)
        {
            if (string.Equals(entry.Key, key, StringComparison.Ordinal))
            {
                if (found is not null)
                {
                    return null;
                }

                found = entry.Value;
            }
        }

        return found;
    }

    /// <summary>Sends the response headers elements asked for (<see cref="GrpcCallContextKeys.ResponseHeaders"/>), before the response.</summary>
    /// <param name="call">The gRPC call.</param>
    /// <param name="context">The call context.</param>
    /// <returns>A task that completes when the headers are written.</returns>
    public static Task WriteResponseHeadersAsync(ServerCallContext call, NsmContext context)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(context);
        return context.TryGet(GrpcCallContextKeys.ResponseHeaders, out var headers) && headers.Count > 0
            ? call.WriteResponseHeadersAsync(headers)
            : Task.CompletedTask;
    }
}
