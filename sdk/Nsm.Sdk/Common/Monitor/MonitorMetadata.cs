using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.Monitor;

/// <summary>Access to the event sink the monitor element stores in the connection metadata.</summary>
public static class MonitorMetadata
{
    /// <summary>The key of the sink in the metadata map.</summary>
    public static readonly NsmContextKey<IConnectionEventSink> EventSinkKey = new("monitor.event-sink");

    /// <summary>Gets the sink the monitor element stored for this connection, so that later elements can publish events.</summary>
    /// <param name="context">The call context.</param>
    /// <param name="isClient">Which half's map to look in (the monitor server element stores it in the server map).</param>
    /// <returns>The sink, or <see langword="null"/> when no monitor element ran.</returns>
    public static IConnectionEventSink? EventSink(this NsmContext context, bool isClient = false)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Metadata is { } md && md.For(isClient).TryLoad(EventSinkKey, out var sink) ? sink : null;
    }
}
