using Microsoft.Extensions.Logging;

namespace Nsm.Sdk.Vpp.Common;

/// <summary>The VPP elements' logs.</summary>
internal static partial class VppElementLog
{
    [LoggerMessage(EventId = 4100, Level = LogLevel.Warning, Message = "{Element}: closing connection {ConnectionId} after its failed Request failed: {Error}")]
    public static partial void RollbackFailed(ILogger logger, string element, string connectionId, string error);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Debug, Message = "{Element}: connection {ConnectionId}: {MessageName} found nothing to remove (retval {Retval})")]
    public static partial void AlreadyGone(ILogger logger, string element, string connectionId, string messageName, int retval);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "{Element}: connection {ConnectionId}: a clean-up call failed: {Error}")]
    public static partial void CleanUpFailed(ILogger logger, string element, string connectionId, string error);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Debug, Message = "{Element}: connection {ConnectionId} has no VPP interface on the {Side} side: nothing to do")]
    public static partial void NoInterface(ILogger logger, string element, string connectionId, string side);
}
