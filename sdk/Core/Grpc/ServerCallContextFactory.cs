using System.Globalization;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Nsm.Sdk.Core;

/// <summary>Builds the <see cref="NsmContext"/> of an incoming gRPC call.</summary>
public static class ServerCallContextFactory
{
    /// <summary>The metadata key carrying the caller's token.</summary>
    public const string TokenHeader = "nsm-client-token";

    /// <summary>The metadata key carrying the caller's token expiry (RFC 3339).</summary>
    public const string TokenExpiresHeader = "nsm-client-token-expires";

    /// <summary>Creates the context of an incoming call.</summary>
    /// <param name="call">The gRPC call.</param>
    /// <param name="clock">The clock.</param>
    /// <param name="logger">The logger.</param>
    /// <returns>The context.</returns>
    public static NsmContext Create(ServerCallContext call, TimeProvider clock, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(call);
        DateTimeOffset? deadline = call.Deadline == DateTime.MaxValue ? null : new DateTimeOffset(call.Deadline.ToUniversalTime());
        var token = Single(call.RequestHeaders, TokenHeader);
        var expiresText = Single(call.RequestHeaders, TokenExpiresHeader);
        DateTimeOffset? expires = expiresText is not null && Rfc3339.TryParse(expiresText, out var e) ? e : null;
        var context = new NsmContext(clock, logger, deadline, call.CancellationToken)
        {
            Peer = new PeerInfo(call.Peer, token, token is null ? null : expires),
        };
        context.Set(GrpcCallContextKeys.IncomingHeaders, call.RequestHeaders);
        return context;
    }

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

    /// <summary>Sends the response headers elements asked for (<see cref="GrpcCallContextKeys.OutgoingHeaders"/>), before the response.</summary>
    /// <param name="call">The gRPC call.</param>
    /// <param name="context">The call context.</param>
    /// <returns>A task that completes when the headers are written.</returns>
    public static Task WriteResponseHeadersAsync(ServerCallContext call, NsmContext context)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(context);
        return context.TryGet(GrpcCallContextKeys.OutgoingHeaders, out var headers) && headers.Count > 0
            ? call.WriteResponseHeadersAsync(headers)
            : Task.CompletedTask;
    }

    /// <summary>RFC 3339 with up to nine fractional digits, as Go writes it.</summary>
    internal static class Rfc3339
    {
        public static bool TryParse(string text, out DateTimeOffset value)
        {
            // .NET parses at most seven fractional digits: cut nanoseconds to ticks.
            var dot = text.IndexOf('.', StringComparison.Ordinal);
            if (dot > 0)
            {
                var end = dot + 1;
                while (end < text.Length && char.IsAsciiDigit(text[end]))
                {
                    end++;
                }

                if (end - dot - 1 > 7)
                {
                    text = string.Concat(text.AsSpan(0, dot + 8), text.AsSpan(end));
                }
            }

            return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value);
        }
    }
}
