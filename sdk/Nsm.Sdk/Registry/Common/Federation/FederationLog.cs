using Microsoft.Extensions.Logging;

namespace Nsm.Sdk.Registry.Common.Federation;

internal static partial class FederationLog
{
    [LoggerMessage(EventId = 1410, Level = LogLevel.Warning, Message = "federation: the other cluster's registry {Url} did not answer a {Kind} Find ({Reason}); answering with this cluster's records")]
    public static partial void OtherClusterFailed(ILogger logger, string kind, Uri url, string reason);

    [LoggerMessage(EventId = 1411, Level = LogLevel.Information, Message = "federation: {Path} names the other cluster's registry {Url}")]
    public static partial void ConfigRead(ILogger logger, string path, Uri? url);

    [LoggerMessage(EventId = 1412, Level = LogLevel.Warning, Message = "federation: {Path} is not usable ({Reason}); no other cluster's registry is asked until it changes")]
    public static partial void ConfigInvalid(ILogger logger, string path, string reason);
}
