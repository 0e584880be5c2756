using Grpc.Core;

namespace Nsm.Sdk.Core;

/// <summary>Context and metadata keys for the gRPC boundary.</summary>
public static class GrpcCallContextKeys
{
    /// <summary>Client half: headers to send with the next outgoing call (tokens, path, ...).</summary>
    public static readonly NsmContextKey<Metadata> OutgoingHeaders = new("grpc.outgoing-headers");

    /// <summary>Client half: the response headers of the last outgoing call.</summary>
    public static readonly NsmContextKey<Metadata> IncomingHeaders = new("grpc.incoming-headers");

    /// <summary>Server half: the caller's request headers.</summary>
    /// <remarks>Kept apart from the client half's keys so that a server chain continuing into a client chain (nsmgr) never mixes them.</remarks>
    public static readonly NsmContextKey<Metadata> RequestHeaders = new("grpc.request-headers");

    /// <summary>Server half: headers to send back as the response headers of the current call (e.g. the registry <c>path</c>).</summary>
    public static readonly NsmContextKey<Metadata> ResponseHeaders = new("grpc.response-headers");

    /// <summary>
    /// Server half: the descriptors the caller's unix-socket connection passed (upstream's grpcfd) and the caller's
    /// SO_PEERCRED; absent on TCP.
    /// </summary>
    public static readonly NsmContextKey<FdPassing.IFdReceiver> FdReceiver = new("grpc.fd-receiver");

    /// <summary>The key under which a host puts the call's <see cref="FdPassing.IFdReceiver"/> in <c>ServerCallContext.UserState</c>.</summary>
    public static readonly object FdReceiverUserStateKey = typeof(FdPassing.IFdReceiver);

    /// <summary>
    /// Server half: passes descriptors back to the caller on its unix-socket connection, with the next response bytes
    /// (upstream's grpcfd works both ways: registry Find results carry NSE sockets); absent on TCP.
    /// </summary>
    public static readonly NsmContextKey<FdPassing.IFdSender> FdSender = new("grpc.fd-sender");

    /// <summary>The key under which a host puts the call's <see cref="FdPassing.IFdSender"/> in <c>ServerCallContext.UserState</c>.</summary>
    public static readonly object FdSenderUserStateKey = typeof(FdPassing.IFdSender);

    /// <summary>The call invoker the client half uses to reach the next hop (upstream's clientconn), in the client metadata map.</summary>
    public static readonly NsmContextKey<CallInvoker> ClientConnection = new("grpc.clientconn");

    /// <summary>
    /// Finds the call invoker to the next hop: the fixed one when given, else one stored in the context or, for a
    /// connection, in the client metadata map under <see cref="ClientConnection"/>.
    /// </summary>
    /// <param name="context">The call context.</param>
    /// <param name="fixedInvoker">A fixed invoker, or <see langword="null"/>.</param>
    /// <returns>The invoker.</returns>
    /// <exception cref="NsmStatusException">No invoker is available (Unavailable).</exception>
    public static CallInvoker ResolveClientConnection(this NsmContext context, CallInvoker? fixedInvoker)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (fixedInvoker is not null)
        {
            return fixedInvoker;
        }

        if (context.TryGet(ClientConnection, out var invoker) ||
            (context.Metadata is { } md && md.Client.TryLoad(ClientConnection, out invoker)))
        {
            return invoker;
        }

        throw new NsmStatusException(StatusCode.Unavailable, "no gRPC client connection to the next hop: put dial or clientconn before connect");
    }

    /// <summary>Gets the call options of the next outgoing call: its headers (with the current span's trace context), deadline and cancellation.</summary>
    /// <param name="context">The call context.</param>
    /// <returns>The options.</returns>
    public static CallOptions OutgoingCallOptions(this NsmContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.TryGet(OutgoingHeaders, out var headers);
        return new CallOptions(GrpcTraceContext.Inject(headers), context.Deadline?.UtcDateTime, context.CancellationToken);
    }

    /// <summary>Gets (creating when needed) the headers of the next outgoing call.</summary>
    /// <param name="context">The call context.</param>
    /// <returns>The headers.</returns>
    public static Metadata GetOrAddOutgoingHeaders(this NsmContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.TryGet(OutgoingHeaders, out var headers))
        {
            headers = [];
            context.Set(OutgoingHeaders, headers);
        }

        return headers;
    }
}
