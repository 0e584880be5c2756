using Microsoft.Extensions.Logging;

namespace Nsm.Sdk.Registry.Common;

/// <summary>The log events of the registry common elements.</summary>
internal static partial class RegistryCommonLog
{
    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "registry heal: watch of {Name} ended ({Reason}); re-registering")]
    public static partial void HealWatchEnded(ILogger logger, string name, string reason);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Debug, Message = "registry heal: watch Find failed; re-opening")]
    public static partial void HealReopen(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Debug, Message = "registry retry: {Operation} failed; retrying in {Interval}")]
    public static partial void RetryFailed(ILogger logger, string operation, TimeSpan interval, Exception exception);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Information, Message = "registry expire: {Name} expired; unregistering")]
    public static partial void Expired(ILogger logger, string name);

    [LoggerMessage(EventId = 1106, Level = LogLevel.Warning, Message = "registry expire: unregistering {Name} failed")]
    public static partial void ExpireFailed(ILogger logger, string name, Exception exception);

    [LoggerMessage(EventId = 1107, Level = LogLevel.Warning, Message = "registry refresh: re-registering {Name} failed")]
    public static partial void RefreshFailed(ILogger logger, string name, Exception exception);

    [LoggerMessage(EventId = 1108, Level = LogLevel.Warning, Message = "registry begin: {Operation} event for {Name} failed")]
    public static partial void BeginEventFailed(ILogger logger, string operation, string name, Exception exception);

    [LoggerMessage(EventId = 1109, Level = LogLevel.Debug, Message = "registry querycache: watch of {Name} ended")]
    public static partial void QueryCacheWatchEnded(ILogger logger, string name, Exception exception);

    [LoggerMessage(EventId = 1110, Level = LogLevel.Warning, Message = "registry dial: unregistering at the previous URL {Url} failed")]
    public static partial void DialOldUnregisterFailed(ILogger logger, Uri url, Exception exception);

    [LoggerMessage(EventId = 1111, Level = LogLevel.Warning, Message = "registry clientinfo: label {Label} of service {Service} is already set; keeping it")]
    public static partial void ClientInfoLabelKept(ILogger logger, string label, string service);
}
