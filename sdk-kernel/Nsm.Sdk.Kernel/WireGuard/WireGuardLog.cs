using Microsoft.Extensions.Logging;

namespace Nsm.Sdk.Kernel.WireGuard;

/// <summary>The WireGuard devices' log messages (EventIds 2400-2449).</summary>
internal static partial class WireGuardLog
{
    [LoggerMessage(EventId = 2400, Level = LogLevel.Information, Message = "wireguard: created {Name} ({Implementation}, pid {Pid}) in {Underlay}, port {Port}, as {TargetName} in {Target}, MTU {Mtu}, in {Elapsed}")]
    public static partial void Created(ILogger logger, string name, WireGuardImplementation implementation, int pid, string underlay, int port, string targetName, string target, int mtu, TimeSpan elapsed);

    [LoggerMessage(EventId = 2401, Level = LogLevel.Information, Message = "wireguard: removed {Name} ({TargetName} in {Target})")]
    public static partial void Removed(ILogger logger, string name, string targetName, string target);

    [LoggerMessage(EventId = 2402, Level = LogLevel.Information, Message = "wireguard: the kernel has WireGuard: devices are kernel wireguard links configured through generic netlink")]
    public static partial void KernelChosen(ILogger logger);

    [LoggerMessage(EventId = 2403, Level = LogLevel.Information, Message = "wireguard: kernel WireGuard unavailable ({Reason}): devices are wireguard-go")]
    public static partial void KernelUnavailable(ILogger logger, string reason);

    [LoggerMessage(EventId = 2404, Level = LogLevel.Warning, Message = "wireguard: creating {Name} failed, removing what was made")]
    public static partial void CreateFailed(ILogger logger, Exception exception, string name);

    [LoggerMessage(EventId = 2405, Level = LogLevel.Information, Message = "wireguard: removed the stale UAPI socket {Path}")]
    public static partial void StaleSocket(ILogger logger, string path);

    [LoggerMessage(EventId = 2406, Level = LogLevel.Warning, Message = "wireguard: wireguard-go {Name} (pid {Pid}) did not exit within {Timeout}; killed it")]
    public static partial void Killed(ILogger logger, string name, int pid, TimeSpan timeout);

    [LoggerMessage(EventId = 2407, Level = LogLevel.Debug, Message = "wireguard: {Name} handshake with {Peer} done")]
    public static partial void Handshake(ILogger logger, string name, WireGuardKey peer);

    [LoggerMessage(EventId = 2408, Level = LogLevel.Warning, Message = "wireguard: {Name}: {Diagnosis}")]
    public static partial void NoHandshake(ILogger logger, string name, string diagnosis);

    [LoggerMessage(EventId = 2409, Level = LogLevel.Warning, Message = "wireguard: deleting {TargetName} in {Target} failed")]
    public static partial void DeleteFailed(ILogger logger, Exception exception, string targetName, string target);

    [LoggerMessage(EventId = 2410, Level = LogLevel.Information, Message = "wireguard: took over {Name} ({Implementation}) as {TargetName} in {Target}, port {Port}: made before a restart")]
    public static partial void Adopted(ILogger logger, string name, WireGuardImplementation implementation, string targetName, string target, int port);

    [LoggerMessage(EventId = 2411, Level = LogLevel.Information, Message = "wireguard: cannot take over {Name} ({TargetName} in {Target}): {Reason}")]
    public static partial void NotAdopted(ILogger logger, string name, string targetName, string target, string reason);
}
