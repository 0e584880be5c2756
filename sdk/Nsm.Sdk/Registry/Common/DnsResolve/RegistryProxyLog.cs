using Microsoft.Extensions.Logging;

namespace Nsm.Sdk.Registry.Common.DnsResolve;

/// <summary>Log events of the interdomain registry elements.</summary>
internal static partial class RegistryProxyLog
{
    [LoggerMessage(EventId = 1400, Level = LogLevel.Information, Message = "dnsresolve: domain {Domain} has no nsmgr-proxy ({Reason}); endpoints found there keep their URL (a floating registry)")]
    public static partial void NoNsmgrProxy(ILogger logger, string domain, string reason);
}
