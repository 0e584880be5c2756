using Microsoft.Extensions.Logging;

namespace Nsm.Sdk.Registry.Common.Federation;

internal static partial class FederationLog
{
    [LoggerMessage(EventId = 1410, Level = LogLevel.Warning, Message = "federation: the other cluster's registry {Url} did not answer a {Kind} Find ({Reason}); answering with this cluster's records")]
    public static partial void OtherClusterFailed(ILogger logger, string kind, Uri url, string reason);
}
