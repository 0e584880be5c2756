using Nsm.Api.NetworkService;

namespace Nsm.Sdk.Common.Monitor;

/// <summary>
/// Where elements publish connection events (upstream's EventConsumer): e.g. an endpoint asking its clients for
/// a refresh with <see cref="State.RefreshRequested"/>. Publishing never blocks.
/// </summary>
public interface IConnectionEventSink
{
    /// <summary>Publishes an event. UPDATE upserts, DELETE removes; INITIAL_STATE_TRANSFER is ignored.</summary>
    /// <param name="connectionEvent">The event, keyed by this hop's own connection ids.</param>
    void Send(ConnectionEvent connectionEvent);
}
