using System.Globalization;
using Nsm.Sdk.Api;
using Nsm.Sdk.Core;
using Nsm.Sdk.Hosting;

namespace Nsm.Cmd.NseIcmpResponder;

/// <summary>cmd-nse-icmp-responder settings, read from upstream's <c>NSM_*</c> environment variables.</summary>
internal sealed record NseCmdOptions
{
    public required string Name { get; init; }

    public required Uri ConnectTo { get; init; }

    public required Uri ListenOn { get; init; }

    public required IReadOnlyList<string> ServiceNames { get; init; }

    public required IReadOnlyList<IReadOnlyList<string>> CidrGroups { get; init; }

    public required bool RegisterService { get; init; }

    public required bool UnregisterItself { get; init; }

    public required IReadOnlyDictionary<string, string> Labels { get; init; }

    public required string Payload { get; init; }

    public required TimeSpan DialTimeout { get; init; }

    public required TimeSpan MaxTokenLifetime { get; init; }

    public static NseCmdOptions FromEnvironment(NsmEnvironment env)
    {
        var services = env.GetList("NSM_SERVICE_NAMES", "NSM_NETWORK_SERVICES");
        var cidr = env.GetString("NSM_CIDR_PREFIX", "169.254.0.0/16");
        var defaultListen = "unix://" + Path.Combine(Path.GetTempPath(), "nsm-nse-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture), "listen.on.sock");
        var payload = env.GetString("NSM_PAYLOAD", "ETHERNET").ToUpperInvariant();
        if (payload is not ("ETHERNET" or "IP"))
        {
            throw new NsmConfigurationException($"NSM_PAYLOAD: '{payload}' is not ETHERNET or IP");
        }

        return new NseCmdOptions
        {
            Name = env.GetString("NSM_NAME", "icmp-server"),
            ConnectTo = env.GetUrl("NSM_CONNECT_TO", "unix:///var/lib/networkservicemesh/nsm.io.sock")!,
            ListenOn = env.GetUrl("NSM_LISTEN_ON", defaultListen)!,
            ServiceNames = services.Count > 0 ? services : ["icmp-responder"],
            CidrGroups = ParseGroups(cidr),
            RegisterService = env.GetBool("NSM_REGISTER_SERVICE", true),
            UnregisterItself = env.GetBool("NSM_UNREGISTER_ITSELF", false),
            Labels = env.GetLabels("NSM_LABELS"),
            Payload = payload,
            DialTimeout = env.GetDuration("NSM_DIAL_TIMEOUT", TimeSpan.FromSeconds(5)),
            MaxTokenLifetime = env.GetMaxTokenLifetime(),
        };
    }

    /// <summary>Parses upstream's <c>cidr.Groups</c>: comma-separated CIDRs, <c>[a,b]</c> brackets one group.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> ParseGroups(string text)
    {
        var groups = new List<IReadOnlyList<string>>();
        List<string>? open = null;
        foreach (var raw in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var item = raw;
            var starts = item.StartsWith('[');
            var ends = item.EndsWith(']');
            item = item.Trim('[', ']').Trim();
            if (!CidrAddress.TryParse(item, out _))
            {
                throw new NsmConfigurationException($"NSM_CIDR_PREFIX: '{item}' is not a CIDR such as 10.100.1.0/24");
            }

            if (starts)
            {
                open = [];
            }

            if (open is not null)
            {
                open.Add(item);
                if (ends)
                {
                    groups.Add(open);
                    open = null;
                }
            }
            else
            {
                groups.Add([item]);
            }
        }

        if (open is not null || groups.Count == 0)
        {
            throw new NsmConfigurationException($"NSM_CIDR_PREFIX: '{text}' has no CIDR or an unclosed '['");
        }

        return groups;
    }

    public override string ToString() =>
        $"name={Name} connectTo={ConnectTo} listenOn={ListenOn} services={string.Join(',', ServiceNames)} " +
        $"cidr={string.Join(',', CidrGroups.Select(g => "[" + string.Join(',', g) + "]"))} registerService={RegisterService} " +
        $"labels={string.Join(',', Labels.Select(kv => kv.Key + "=" + kv.Value))} payload={Payload} maxTokenLifetime={MaxTokenLifetime}";

    public static void PrepareSocket(Uri url)
    {
        if (!NsmUrl.IsUnix(url))
        {
            return;
        }

        var path = NsmUrl.SocketPath(url);
        if (Path.GetDirectoryName(path) is { Length: > 0 } dir)
        {
            Directory.CreateDirectory(dir);
        }

        File.Delete(path);
    }
}
