using Microsoft.Extensions.Logging;
using Nsm.Api.NetworkService;
using Nsm.Api.Registry;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.Dial;

/// <summary>
/// The rest of the chain as a candidate chooser passes it to <c>CandidateAttempts</c>: it records in
/// <see cref="UnreachableCandidates"/> whether the candidate being tried (<see cref="Current"/>) answered or could
/// not be dialed at all.
/// </summary>
/// <param name="next">The rest of the chain.</param>
/// <param name="memory">Where the outcome is recorded.</param>
internal sealed partial class UnreachableCandidateHandler(NetworkServiceHandler next, UnreachableCandidates memory) : NetworkServiceHandler
{
    /// <summary>Gets or sets the candidate tried next (set by the chooser's prepare step).</summary>
    public NetworkServiceEndpoint? Current { get; set; }

    /// <summary>A registered candidate's name and a fingerprint of its registration (URL and expiration).</summary>
    /// <param name="candidate">The registration.</param>
    /// <returns>The name and fingerprint.</returns>
    public static (string Name, string Registration) Identify(NetworkServiceEndpoint candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var expires = candidate.ExpirationTime is { } t ? $"{t.Seconds}.{t.Nanos}" : string.Empty;
        return (candidate.Name, $"{candidate.Url}|{expires}");
    }

    /// <inheritdoc />
    public override async ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context)
    {
        var candidate = Current;
        var url = context.ClientUrl;
        try
        {
            var connection = await next.RequestAsync(request, context).ConfigureAwait(false);
            if (candidate is not null)
            {
                memory.MarkReachable(candidate.Name);
            }

            return connection;
        }
        catch (Exception ex) when (candidate is not null && url is not null && FindUnreachable(ex) is { } unreachable && unreachable.Url == url)
        {
            var (name, registration) = Identify(candidate);
            memory.MarkUnreachable(name, registration, context.Clock);
            LogUnreachable(context.Logger, name, url, unreachable.Reason, request.Connection?.Id ?? string.Empty);
            throw;
        }
    }

    /// <inheritdoc />
    public override ValueTask CloseAsync(Connection connection, NsmContext context) => next.CloseAsync(connection, context);

    private static NextHopUnreachableException? FindUnreachable(Exception? ex)
    {
        for (var depth = 0; ex is not null && depth < 8; depth++, ex = ex.InnerException)
        {
            if (ex is NextHopUnreachableException unreachable)
            {
                return unreachable;
            }
        }

        return null;
    }

    [LoggerMessage(EventId = 1210, Level = LogLevel.Information, Message = "candidate {Name} at {Url} cannot be dialed ({Reason}) for connection {ConnectionId}: it is tried last until it re-registers or answers")]
    private static partial void LogUnreachable(ILogger logger, string name, Uri url, string reason, string connectionId);
}
