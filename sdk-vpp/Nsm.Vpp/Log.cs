using Microsoft.Extensions.Logging;

namespace Nsm.Vpp;

/// <summary>The client's log events.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "connected to VPP at {Path} as {ClientName}: client index {ClientIndex:x8}, {Count} messages in its table")]
    public static partial void Connected(ILogger logger, string path, string clientName, uint clientIndex, int count);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "{Error}")]
    public static partial void Incompatible(ILogger logger, string error);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "the connection to VPP at {Path} is gone: {Reason}")]
    public static partial void Disconnected(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 4, Level = LogLevel.Debug, Message = "answered VPP's keepalive (context {Context})")]
    public static partial void KeepaliveAnswered(ILogger logger, uint context);

    [LoggerMessage(EventId = 5, Level = LogLevel.Debug, Message = "ignored message id {Id} ({NameCrc}) with context {Context}: nothing waits for it")]
    public static partial void Unexpected(ILogger logger, ushort id, string nameCrc, uint context);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "VPP did not answer {Message} (context {Context}) within {Timeout}")]
    public static partial void Timeout(ILogger logger, string message, uint context, TimeSpan timeout);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "could not decode event {NameCrc}: {Error}")]
    public static partial void BadEvent(ILogger logger, string nameCrc, string error);

    [LoggerMessage(EventId = 8, Level = LogLevel.Information, Message = "reconnecting to VPP at {Path} (attempt {Attempt}) in {Delay}")]
    public static partial void Reconnecting(ILogger logger, string path, int attempt, TimeSpan delay);

    [LoggerMessage(EventId = 9, Level = LogLevel.Information, Message = "disconnected from VPP at {Path}")]
    public static partial void Closed(ILogger logger, string path);
}
