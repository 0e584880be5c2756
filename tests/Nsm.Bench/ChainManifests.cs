namespace Nsm.Bench;

/// <summary>
/// The chain section's manifests, in upstream's form (as tests/Nsm.E2E.Tests/Nsmctl/data/firewall-chain.yaml):
/// service <c>bench-chain</c> is client → nse-firewall (permits the bench's TCP port, denies the rest) → the middle
/// hop (app=ids) → nse-final, routed by the NetworkService's matches on the requester's labels; service
/// <c>bench-direct</c> is client → nse-direct on the same node. Clients are explicit cmd-nsc containers with the
/// liveness check off (it pings, and the firewall drops ICMP).
/// </summary>
internal static class ChainManifests
{
    /// <summary>The namespace everything lives in.</summary>
    public const string Namespace = "bench-chain";

    /// <summary>The only TCP port the firewall lets through (iperf3's default; the setup probe connects to it too).</summary>
    public const int Port = 5201;

    /// <summary>The final endpoint's address (nse-icmp-responder gives its own .1 of the /24 to every connection).</summary>
    public const string FinalAddress = "172.16.1.1";

    /// <summary>The direct endpoint's address.</summary>
    public const string DirectAddress = "172.16.2.1";

    // The middle hop is the IDS of examples/IdsEndpoint (every flow seen through conntrack, no signature set).
    private static readonly string MiddleHopContainer = """
              - name: nse
                image: nsm-sdk/ids-endpoint:0.1.0
                env:
                - name: NSM_SERVICE_NAME
                  value: bench-chain
                - name: NSM_LABELS
                  value: app:ids
        """;

    /// <summary>Gets the description of the middle hop for the report.</summary>
    public static string MiddleHop => MiddleHopContainer.Contains("ids-endpoint", StringComparison.Ordinal) ? "ids-endpoint" : "a second nse-firewall (permit all) standing in for the IDS";

    /// <summary>The namespace, both NetworkServices and the four endpoints (no clients).</summary>
    public static string Endpoints() => $"""
        apiVersion: v1
        kind: Namespace
        metadata:
          name: {Namespace}
        ---
        apiVersion: networkservicemesh.io/v1
        kind: NetworkService
        metadata:
          name: bench-chain
          namespace: {Namespace}
        spec:
          payload: ETHERNET
          matches:
            - source_selector:
                app: firewall
              routes:
                - destination_selector:
                    app: ids
            - source_selector:
                app: ids
              routes:
                - destination_selector:
                    app: nse-final
            - routes:
                - destination_selector:
                    app: firewall
        ---
        apiVersion: networkservicemesh.io/v1
        kind: NetworkService
        metadata:
          name: bench-direct
          namespace: {Namespace}
        spec:
          payload: ETHERNET
        ---
        {Responder("nse-final", "bench-chain", "172.16.1.0/24")}
        ---
        {Responder("nse-direct", "bench-direct", "172.16.2.0/24")}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: nse-firewall
          namespace: {Namespace}
        spec:
          selector:
            matchLabels:
              app: firewall
          template:
            metadata:
              labels:
                app: firewall
            spec:
              containers:
        {Firewall("firewall", $"permit tcp any any port {Port}\ndeny ip any any")}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: nse-ids
          namespace: {Namespace}
        spec:
          selector:
            matchLabels:
              app: ids
          template:
            metadata:
              labels:
                app: ids
            spec:
              containers:
        {MiddleHopContainer}
        """;

    /// <summary>A client pod asking for <paramref name="service"/>.</summary>
    public static string Client(string name, string service) => $"""
        apiVersion: v1
        kind: Pod
        metadata:
          name: {name}
          namespace: {Namespace}
          labels:
            app: {name}
        spec:
          containers:
          - name: nsc
            image: ghcr.io/networkservicemesh/cmd-nsc:v1.11.0
            env:
            - name: NSM_NETWORK_SERVICES
              value: kernel://{service}/nsm-1
            - name: NSM_LIVENESS_CHECK_ENABLED
              value: "false"
        """;

    private static string Responder(string name, string service, string cidr) => $"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {name}
          namespace: {Namespace}
        spec:
          selector:
            matchLabels:
              app: {name}
          template:
            metadata:
              labels:
                app: {name}
            spec:
              containers:
              - name: nse
                image: ghcr.io/networkservicemesh/ci/cmd-nse-icmp-responder:0fac08f
                env:
                - name: NSM_CIDR_PREFIX
                  value: {cidr}
                - name: NSM_SERVICE_NAMES
                  value: {service}
                - name: NSM_REGISTER_SERVICE
                  value: "false"
        """;

    /// <summary>An nse-firewall container serving bench-chain with NSM_LABELS app:<paramref name="app"/> and the given rules.</summary>
    private static string Firewall(string app, string rules) => $$"""
              - name: nse
                image: ghcr.io/networkservicemesh/cmd-nse-firewall-vpp:v1.11.0
                env:
                - name: NSM_SERVICE_NAME
                  value: bench-chain
                - name: NSM_LABELS
                  value: app:{{app}}
                - name: NSM_FIREWALL_RULES
                  value: |
        {{string.Join('\n', rules.Split('\n').Select(r => "            " + r))}}
        """;
}
