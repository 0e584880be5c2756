using Microsoft.Extensions.Logging;

namespace Nsm.Sdk.Registry.Common.Mirror;

internal static partial class RegistryMirrorLog
{
    [LoggerMessage(EventId = 1120, Level = LogLevel.Information, Message = "registry mirror: {Kind} in sync with upstream, {Count} records; Finds are answered locally")]
    public static partial void InSync(ILogger logger, string kind, int count);

    [LoggerMessage(EventId = 1121, Level = LogLevel.Warning, Message = "registry mirror: {Kind} watch ended ({Reason}); Finds go upstream until it is back")]
    public static partial void WatchEnded(ILogger logger, string kind, string reason);
}
