using Nsm.Sdk.Api;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Chains.Client;
using Nsm.Sdk.Common.Heal;
using Nsm.Sdk.Common.Mechanisms.Kernel;
using Nsm.Sdk.Core;
using Nsm.Sdk.Hosting;

namespace Nsm.Cmd.Nsc;

/// <summary>cmd-nsc settings, read from upstream's <c>NSM_*</c> environment variables.</summary>
internal sealed record NscCmdOptions
{
    public required string Name { get; init; }

    public required Uri ConnectTo { get; init; }

    public required IReadOnlyList<NscRequestUrl> NetworkServices { get; init; }

    public required TimeSpan RequestTimeout { get; init; }

    public required TimeSpan DialTimeout { get; init; }

    public required TimeSpan MaxTokenLifetime { get; init; }

    public required IReadOnlyDictionary<string, string> Labels { get; init; }

    /// <summary>Gets a value indicating whether the data plane is probed (upstream default true).</summary>
    public required bool LivenessCheckEnabled { get; init; }

    /// <summary>Gets how often (200 ms; upstream 1.2 s: a loss must be seen within 1 s).</summary>
    public required TimeSpan LivenessCheckInterval { get; init; }

    /// <summary>Gets how long one probe may take (1 s, as upstream).</summary>
    public required TimeSpan LivenessCheckTimeout { get; init; }

    public static NscCmdOptions FromEnvironment(NsmEnvironment env)
    {
        var urls = new List<NscRequestUrl>();
        var items = env.GetList("NSM_NETWORK_SERVICES");
        for (var i = 0; i < items.Count; i++)
        {
            if (!NscRequestUrl.TryParse(items[i], out var url))
            {
                throw new NsmConfigurationException($"NSM_NETWORK_SERVICES: '{items[i]}' is not a URL such as kernel://my-service/nsm-1 or a service name");
            }

            // A bare name (or a URL without an interface) gets nsm-<i+1>, so several services do not collide.
            if (KernelMechanism.ToMechanism(url.Mechanism) is { } kernel && (!items[i].Contains("://", StringComparison.Ordinal) || kernel.InterfaceName.Length == 0))
            {
                url = NscRequestUrl.Parse($"kernel://{Uri.EscapeDataString(url.NetworkService)}/nsm-{i + 1}{Query(url.Labels)}");
            }

            urls.Add(url);
        }

        if (urls.Count == 0)
        {
            throw new NsmConfigurationException("NSM_NETWORK_SERVICES: at least one network service is required (e.g. kernel://icmp-responder/nsm-1)");
        }

        var timeout = env.GetDuration("NSM_REQUEST_TIMEOUT", TimeSpan.FromSeconds(15));
        var livenessInterval = env.GetDuration("NSM_LIVENESS_CHECK_INTERVAL", TimeSpan.FromMilliseconds(200));
        var livenessTimeout = env.GetDuration("NSM_LIVENESS_CHECK_TIMEOUT", TimeSpan.FromSeconds(1));
        if (livenessInterval <= TimeSpan.Zero)
        {
            throw new NsmConfigurationException("NSM_LIVENESS_CHECK_INTERVAL: must be positive");
        }

        if (livenessTimeout <= TimeSpan.Zero)
        {
            throw new NsmConfigurationException("NSM_LIVENESS_CHECK_TIMEOUT: must be positive");
        }

        return new NscCmdOptions
        {
            Name = env.GetString("NSM_NAME", "nsc-" + Environment.MachineName),
            ConnectTo = env.GetUrl("NSM_CONNECT_TO", "unix:///var/lib/networkservicemesh/nsm.io.sock")!,
            NetworkServices = urls,
            MaxTokenLifetime = env.GetMaxTokenLifetime(),
            RequestTimeout = timeout > TimeSpan.Zero ? timeout : TimeSpan.FromSeconds(15),
            DialTimeout = env.GetDuration("NSM_DIAL_TIMEOUT", TimeSpan.FromSeconds(5)),
            Labels = env.GetLabels("NSM_LABELS"),
            LivenessCheckEnabled = env.GetBool("NSM_LIVENESS_CHECK_ENABLED", true),
            LivenessCheckInterval = livenessInterval,
            LivenessCheckTimeout = livenessTimeout,
        };
    }

    /// <summary>Gets the heal options (the liveness probe is the caller's: it needs the kernel).</summary>
    public HealOptions ToHealOptions(Func<Connection, CancellationToken, ValueTask<bool>>? livenessCheck) => new()
    {
        LivenessCheck = LivenessCheckEnabled ? livenessCheck : null,
        LivenessCheckInterval = LivenessCheckInterval,
        LivenessCheckTimeout = LivenessCheckTimeout,
    };

    /// <summary>Gets the client chain's options: the kernel mechanism in this process's namespace, heal as given (none when null).</summary>
    public ClientOptions ToClientOptions(INetworkServiceClient? heal, string netNSUrl) => new()
    {
        Name = Name,
        MaxTokenLifetime = MaxTokenLifetime,
        ClientUrl = ConnectTo,
        DialTimeout = DialTimeout,
        Heal = heal,
        AdditionalFunctionality = [new KernelMechanismClient(new KernelMechanismOptions { NetNSUrl = netNSUrl })],
    };

    /// <summary>
    /// Gets the Request for service <paramref name="index"/>: connection id <c>&lt;name&gt;-&lt;index&gt;</c> (so cmd/nsc-init
    /// and the cmd/nsc beside it in the same pod name the same connection), the URL's labels, then <see cref="Labels"/>.
    /// </summary>
    public NetworkServiceRequest ToRequest(int index)
    {
        var request = NetworkServices[index].ToRequest();
        request.Connection.Id = $"{Name}-{index}";
        foreach (var (key, value) in Labels)
        {
            request.Connection.Labels.TryAdd(key, value);
        }

        return request;
    }

    /// <summary>Gets the echo timeout of the liveness probe: half the check timeout, at most 500 ms.</summary>
    public TimeSpan LivenessEchoTimeout => TimeSpan.FromTicks(Math.Min(TimeSpan.FromMilliseconds(500).Ticks, LivenessCheckTimeout.Ticks / 2));

    public override string ToString() =>
        $"name={Name} connectTo={ConnectTo} services={string.Join(',', NetworkServices.Select(u => u.NetworkService + "/" + (KernelMechanism.ToMechanism(u.Mechanism)?.InterfaceName ?? u.Mechanism.Type)))} " +
        $"requestTimeout={RequestTimeout} dialTimeout={DialTimeout} labels={string.Join(',', Labels.Select(kv => kv.Key + "=" + kv.Value))} " +
        $"liveness={(LivenessCheckEnabled ? $"every {LivenessCheckInterval.TotalMilliseconds} ms, timeout {LivenessCheckTimeout.TotalMilliseconds} ms" : "off")}";

    private static string Query(IReadOnlyDictionary<string, string> labels) =>
        labels.Count == 0 ? string.Empty : "?" + string.Join('&', labels.Select(kv => Uri.EscapeDataString(kv.Key) + "=" + Uri.EscapeDataString(kv.Value)));
}
