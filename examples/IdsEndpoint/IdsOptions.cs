using System.Globalization;
using Nsm.Sdk.Acl;
using Nsm.Sdk.Api;
using Nsm.Sdk.Hosting;
using Nsm.Sdk.Kernel.Flows;
using Nsm.Sdk.Kernel.Passthrough;

namespace IdsEndpoint;

/// <summary>
/// The IDS's settings from env: the NSE's (<c>NSM_NAME</c>, <c>NSM_SERVICE_NAME</c> or <c>NSM_NETWORK_SERVICES</c>,
/// <c>NSM_LABELS</c>, <c>NSM_CONNECT_TO</c>, <c>NSM_LISTEN_ON</c>, <c>NSM_DIAL_TIMEOUT</c>, <c>NSM_MAX_TOKEN_LIFETIME</c>)
/// and its own: <c>NSM_IDS_DROP</c>, the signatures (lines of the firewall rules' grammar, <c>deny</c> implied:
/// <c>tcp any any port 22</c>), and <c>NSM_IDS_POLL_INTERVAL</c>, how often dropped flows are looked for.
/// </summary>
public sealed record IdsOptions
{
    /// <summary>The service served when none is named.</summary>
    public const string DefaultService = "ids-service";

    /// <summary>The IDS's nftables table.</summary>
    public const string TableName = "nsm-ids";

    public required string Name { get; init; }

    public required Uri ConnectTo { get; init; }

    public required Uri ListenOn { get; init; }

    public required IReadOnlyList<string> ServiceNames { get; init; }

    public required IReadOnlyDictionary<string, string> Labels { get; init; }

    public required AclRuleSet Signatures { get; init; }

    public required TimeSpan PollInterval { get; init; }

    public required TimeSpan DialTimeout { get; init; }

    public required TimeSpan MaxTokenLifetime { get; init; }

    public static IdsOptions FromEnvironment(NsmEnvironment env)
    {
        var services = env.GetList("NSM_SERVICE_NAME", "NSM_NETWORK_SERVICES");
        var defaultListen = "unix://" + Path.Combine(Path.GetTempPath(), "nsm-ids-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture), "listen.on.sock");
        var poll = env.GetDuration("NSM_IDS_POLL_INTERVAL", TimeSpan.FromSeconds(1));
        if (poll <= TimeSpan.Zero)
        {
            throw new NsmConfigurationException("NSM_IDS_POLL_INTERVAL: must be positive");
        }

        return new IdsOptions
        {
            Name = env.GetString("NSM_NAME", "ids-endpoint"),
            ConnectTo = env.GetUrl("NSM_CONNECT_TO", "unix:///var/lib/networkservicemesh/nsm.io.sock")!,
            ListenOn = env.GetUrl("NSM_LISTEN_ON", defaultListen)!,
            ServiceNames = services.Count > 0 ? services : [DefaultService],
            Labels = env.GetLabels("NSM_LABELS"),
            Signatures = ParseSignatures(env.GetRaw("NSM_IDS_DROP")),
            PollInterval = poll,
            DialTimeout = env.GetDuration("NSM_DIAL_TIMEOUT", TimeSpan.FromSeconds(5)),
            MaxTokenLifetime = env.GetMaxTokenLifetime(),
        };
    }

    /// <summary>
    /// Parses <c>NSM_IDS_DROP</c>: one signature per line in the firewall rules' grammar, where the action may be left
    /// out (<c>tcp any any port 22</c> is <c>deny tcp any any port 22</c>); <c>#</c> comments and blank lines are skipped.
    /// </summary>
    public static AclRuleSet ParseSignatures(string? text)
    {
        var lines = (text ?? string.Empty).Split('\n').Select(line =>
        {
            var first = line.Split('#')[0].Split([' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
            return first is null || first.Equals("deny", StringComparison.OrdinalIgnoreCase) || first.Equals("permit", StringComparison.OrdinalIgnoreCase)
                ? line
                : "deny " + line;
        });
        try
        {
            var signatures = FirewallRules.Parse(string.Join('\n', lines), "NSM_IDS_DROP");
            return signatures.Rules.FirstOrDefault(r => r.Action != AclAction.Deny) is { } permit
                ? throw new NsmConfigurationException($"NSM_IDS_DROP line {permit.Line}: a signature drops the flows it matches; write it with deny or without an action, not permit")
                : signatures;
        }
        catch (AclRulesException e)
        {
            throw new NsmConfigurationException(e.Message);
        }
    }

    /// <summary>Gets the passthrough NSE's chains (the KERNEL mechanism, the L2 join, the onward connection to the same service).</summary>
    public KernelPassthroughEndpoint ToPassthrough(string netNSUrl) => new()
    {
        Name = Name,
        ConnectTo = ConnectTo,
        NetNSUrl = netNSUrl,
        Labels = Labels,
        DialTimeout = DialTimeout,
        MaxTokenLifetime = MaxTokenLifetime,
    };

    /// <summary>Gets the flow watch: the IDS's nft table with the signatures.</summary>
    public FlowWatchOptions ToWatchOptions() => new() { TableName = TableName, Signatures = Signatures };

    /// <summary>Gets what is registered through the nsmgr: the endpoint only (the services are the NS's, with their matches).</summary>
    public NsmRegistrationOptions ToRegistrationOptions() => new()
    {
        RegistryUrl = ConnectTo,
        Endpoint = EndpointRecord.Create(Name, ListenOn.ToString(), ServiceNames, Labels),
        Services = [],
        DialTimeout = DialTimeout,
    };

    public override string ToString() =>
        $"name={Name} connectTo={ConnectTo} listenOn={ListenOn} services={string.Join(',', ServiceNames)} " +
        $"labels={string.Join(',', Labels.Select(kv => kv.Key + "=" + kv.Value))} signatures={Signatures.Rules.Count} pollInterval={PollInterval}";
}
