using Microsoft.Extensions.Logging;

namespace Nsm.Sdk.Common.ExcludedPrefixes;

/// <summary>Log messages of the excluded-prefixes elements.</summary>
internal static partial class ExcludedPrefixesLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "excluded prefixes: closing a rejected connection failed")]
    public static partial void LogCloseFailure(this ILogger logger, Exception error);
}
