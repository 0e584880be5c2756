using System.Collections.Concurrent;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Nsm.Sdk.Hosting;

/// <summary>Enforces <see cref="NsmPeerLimits"/>: counts each peer's unary gRPC calls in flight and refuses one over the limit with RESOURCE_EXHAUSTED.</summary>
internal sealed partial class PeerLimitMiddleware(NsmPeerLimits limits, ILogger logger)
{
    private readonly ConcurrentDictionary<string, StrongBox> _inFlight = new(StringComparer.Ordinal);

    /// <summary>Adds the middleware to <paramref name="app"/> (after routing: it needs the gRPC method's type).</summary>
    public static void Use(WebApplication app)
    {
        var limits = app.Services.GetService<NsmPeerLimits>() ?? new NsmPeerLimits();
        if (limits.MaxConcurrentRequestsPerPeer <= 0)
        {
            return;
        }

        var logger = (app.Services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger("Nsm.Grpc.PeerLimits");
        var middleware = new PeerLimitMiddleware(limits, logger);
        app.UseRouting();
        app.Use(middleware.InvokeAsync);
    }

    private async Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        if (http.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>() is not { Method.Type: MethodType.Unary } grpc)
        {
            await next(http).ConfigureAwait(false);
            return;
        }

        var peer = PeerIdentity.Of(http);
        var count = _inFlight.GetOrAdd(peer, static _ => new StrongBox());
        if (Interlocked.Increment(ref count.Value) > limits.MaxConcurrentRequestsPerPeer)
        {
            Release(peer, count);
            LogRefused(logger, grpc.Method.FullName, peer, limits.MaxConcurrentRequestsPerPeer);
            http.Response.StatusCode = StatusCodes.Status200OK;
            http.Response.ContentType = "application/grpc";
            http.Response.Headers["grpc-status"] = ((int)StatusCode.ResourceExhausted).ToString(System.Globalization.CultureInfo.InvariantCulture);
            http.Response.Headers["grpc-message"] = $"too many requests in flight from peer {peer}: at most {limits.MaxConcurrentRequestsPerPeer} ({NsmPeerLimits.MaxRequestsPerPeerVariable})";
            return;
        }

        try
        {
            await next(http).ConfigureAwait(false);
        }
        finally
        {
            Release(peer, count);
        }
    }

    private void Release(string peer, StrongBox count)
    {
        if (Interlocked.Decrement(ref count.Value) == 0)
        {
            // Forget idle peers (a late increment of a removed box only makes that call uncounted, never refused).
            _inFlight.TryRemove(new KeyValuePair<string, StrongBox>(peer, count));
        }
    }

    [LoggerMessage(EventId = 2602, Level = LogLevel.Warning, Message = "{Method}: refused a call from {Peer}: {Limit} calls of that peer are in flight")]
    private static partial void LogRefused(ILogger logger, string method, string peer, int limit);

    private sealed class StrongBox
    {
        public int Value;
    }
}
