using Microsoft.Extensions.Logging;

namespace Nsm.Sdk.Common.SwapIp;

internal static partial class SwapIpLog
{
    [LoggerMessage(EventId = 1420, Level = LogLevel.Information, Message = "swapip: {Path} maps {Count} internal addresses to external ones")]
    public static partial void MapRead(ILogger logger, string path, int count);

    [LoggerMessage(EventId = 1421, Level = LogLevel.Warning, Message = "swapip: {Path} is not usable ({Reason}); the last good map ({Count} entries) stays until it changes")]
    public static partial void MapInvalid(ILogger logger, string path, string reason, int count);

    [LoggerMessage(EventId = 1422, Level = LogLevel.Debug, Message = "swapip: connection {Id} {Key} {From} -> {To}")]
    public static partial void Swapped(ILogger logger, string id, string key, string from, string to);

    [LoggerMessage(EventId = 1423, Level = LogLevel.Debug, Message = "swapip: NSE {Name} URL {From} -> {To}")]
    public static partial void UrlSwapped(ILogger logger, string name, string from, string to);
}
