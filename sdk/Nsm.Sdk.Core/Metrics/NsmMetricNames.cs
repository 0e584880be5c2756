namespace Nsm.Sdk.Core;

/// <summary>
/// The names of the SDK's metrics and of their tags (OpenTelemetry style; a Prometheus scrape shows them with dots as
/// underscores, the unit as a suffix and <c>_total</c> on counters). <c>docs/metrics.md</c> lists each with its unit.
/// </summary>
public static class NsmMetricNames
{
    /// <summary>Connections this component holds now, by network service and side (<c>{connection}</c>).</summary>
    public const string ConnectionsActive = "nsm.connections.active";

    /// <summary>Requests (first ones and refreshes) that passed through a chain, by network service, side and result (<c>{request}</c>).</summary>
    public const string Requests = "nsm.requests";

    /// <summary>Closes that passed through a chain, by network service, side and result (<c>{close}</c>).</summary>
    public const string Closes = "nsm.closes";

    /// <summary>How long Requests took, by network service, side and result (seconds).</summary>
    public const string RequestDuration = "nsm.request.duration";

    /// <summary>Heals started, by cause (<c>{heal}</c>).</summary>
    public const string Heals = "nsm.heals";

    /// <summary>Liveness checks of a client connection's data plane the heal element ran, by result (<c>{check}</c>).</summary>
    public const string LivenessChecks = "nsm.liveness.checks";

    /// <summary>Records in a registry store, by kind (<c>{record}</c>).</summary>
    public const string RegistryRecords = "nsm.registry.records";

    /// <summary>Addresses of an IPAM prefix handed out (the endpoint's own included), by prefix (<c>{address}</c>).</summary>
    public const string IpamAllocated = "nsm.ipam.addresses.allocated";

    /// <summary>Addresses in an IPAM prefix, by prefix (<c>{address}</c>).</summary>
    public const string IpamSize = "nsm.ipam.addresses.size";

    /// <summary>Tag: the connection's network service.</summary>
    public const string NetworkServiceTag = "nsm.network_service";

    /// <summary>Tag: <c>server</c> (connections this component serves) or <c>client</c> (connections it requested).</summary>
    public const string SideTag = "nsm.side";

    /// <summary>Tag: <c>ok</c>, or the gRPC status code a failed call ended with (<c>Unavailable</c>, <c>DeadlineExceeded</c> …).</summary>
    public const string ResultTag = "nsm.result";

    /// <summary>Tag: why a heal started (<c>restore</c>, <c>reselect</c>, <c>liveness</c>, <c>restore_refused</c>, <c>data_plane_down</c>).</summary>
    public const string HealCauseTag = "nsm.heal.cause";

    /// <summary>Tag: what a liveness check found (<c>alive</c>, <c>dead</c>, <c>timeout</c>, <c>error</c>).</summary>
    public const string LivenessResultTag = "nsm.liveness.result";

    /// <summary>Tag: the registry record kind, <c>nse</c> or <c>ns</c>.</summary>
    public const string RegistryKindTag = "nsm.registry.kind";

    /// <summary>Tag: the IPAM prefix (CIDR).</summary>
    public const string IpamPrefixTag = "nsm.ipam.prefix";

    /// <summary>The <see cref="ResultTag"/> value of a call that succeeded.</summary>
    public const string ResultOk = "ok";
}
