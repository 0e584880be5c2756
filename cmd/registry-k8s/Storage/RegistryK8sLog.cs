using Microsoft.Extensions.Logging;

namespace Nsm.Cmd.RegistryK8s.Storage;

/// <summary>The log events of the Kubernetes-backed registry.</summary>
internal static partial class RegistryK8sLog
{
    [LoggerMessage(EventId = 5100, Level = LogLevel.Information, Message = "{Plural}: in sync with the Kubernetes API ({Count} objects at resourceVersion {Version})")]
    public static partial void Synced(ILogger logger, string plural, int count, string version);

    [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "{Plural}: the watch's resourceVersion {Version} is gone (410): listing again")]
    public static partial void WatchGone(ILogger logger, string plural, string version);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Warning, Message = "{Plural}: list or watch failed, retrying in {Delay}")]
    public static partial void WatchFailed(ILogger logger, string plural, TimeSpan delay, Exception exception);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Warning, Message = "{Plural}/{Name}: skipped, its spec is not a registry record: {Reason}")]
    public static partial void BadObject(ILogger logger, string plural, string name, string reason);

    [LoggerMessage(EventId = 5104, Level = LogLevel.Information, Message = "networkserviceendpoints/{Name}: expired at {ExpiresAt}, deleting resourceVersion {Version}")]
    public static partial void DeletingExpired(ILogger logger, string name, DateTimeOffset expiresAt, string version);

    [LoggerMessage(EventId = 5105, Level = LogLevel.Debug, Message = "{Plural}/{Name}: not deleted, resourceVersion {Version} is no longer current ({Reason})")]
    public static partial void DeleteSkipped(ILogger logger, string plural, string name, string version, string reason);

    [LoggerMessage(EventId = 5106, Level = LogLevel.Warning, Message = "networkserviceendpoints/{Name}: deleting the expired object failed")]
    public static partial void DeleteExpiredFailed(ILogger logger, string name, Exception exception);
}
