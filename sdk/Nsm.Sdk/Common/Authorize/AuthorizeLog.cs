using Microsoft.Extensions.Logging;

namespace Nsm.Sdk.Common.Authorize;

/// <summary>Log messages of the authorize elements.</summary>
internal static partial class AuthorizeLog
{
    [LoggerMessage(EventId = 310, Level = LogLevel.Warning, Message = "authorize: closing denied connection {ConnectionId} failed: {Error}")]
    public static partial void LogCloseAfterDenialFailed(this ILogger logger, string connectionId, string error);
}
