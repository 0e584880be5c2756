using Microsoft.Extensions.Logging;

namespace Nsm.Sdk.Core;

/// <summary>What <see cref="NsmContext.Checkpoint"/> captured: the values and the mutable properties of a context.</summary>
public readonly struct NsmContextCheckpoint
{
    internal NsmContextCheckpoint(KeyValuePair<object, object?>[]? values, int count, ILogger logger, ConnectionMetadata? metadata, Uri? clientUrl)
    {
        Values = values;
        Count = count;
        Logger = logger;
        Metadata = metadata;
        ClientUrl = clientUrl;
    }

    internal KeyValuePair<object, object?>[]? Values { get; }

    internal int Count { get; }

    internal ILogger Logger { get; }

    internal ConnectionMetadata? Metadata { get; }

    internal Uri? ClientUrl { get; }
}
