using Grpc.Core;

namespace Nsm.Sdk.Core;

/// <summary>Context and metadata keys for the gRPC boundary.</summary>
public static class GrpcCallContextKeys
{
    /// <summary>Headers to send with the next outgoing gRPC call (tokens, path, ...).</summary>
    public static readonly NsmContextKey<Metadata> OutgoingHeaders = new("grpc.outgoing-headers");

    /// <summary>The call invoker the client half uses to reach the next hop (upstream's clientconn), in the client metadata map.</summary>
    public static readonly NsmContextKey<CallInvoker> ClientConnection = new("grpc.clientconn");

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
