using System.Globalization;
using Nsm.Sdk.Api;
using Nsm.Api.Registry;
using Nsm.Sdk.Acl;
using Nsm.Sdk.Hosting;

namespace Nsm.Cmd.NseFirewall;

/// <summary>
/// cmd-nse-firewall settings: upstream cmd-nse-firewall-vpp's <c>NSM_*</c> variables plus the guide's
/// <c>NSM_NETWORK_SERVICES</c> (when <c>NSM_SERVICE_NAME</c> is not set) and <c>NSM_FIREWALL_RULES</c>. Rules: the ACL
/// file (<c>NSM_ACL_CONFIG_PATH</c>) first, then the guide's lines, one list where the first match wins.
/// Shared by cmd/nse-firewall (bridge + nftables: <c>FirewallKernelChains</c>) and cmd/nse-firewall-vpp (compiled in there).
/// </summary>
internal sealed record FirewallCmdOptions
{
    /// <summary>Upstream's ACL file path; missing there means no file rules.</summary>
    public const string DefaultAclConfigPath = "/etc/firewall/config.yaml";

    public required string Name { get; init; }

    public required Uri ConnectTo { get; init; }

    public required Uri ListenOn { get; init; }

    public required IReadOnlyList<string> ServiceNames { get; init; }

    public required IReadOnlyDictionary<string, string> Labels { get; init; }

    public required AclRuleSet Rules { get; init; }

    public required string? AclConfigPath { get; init; }

    public required TimeSpan DialTimeout { get; init; }

    public required TimeSpan MaxTokenLifetime { get; init; }

    public static FirewallCmdOptions FromEnvironment(NsmEnvironment env)
    {
        var services = env.GetList("NSM_SERVICE_NAME", "NSM_NETWORK_SERVICES");
        if (services.Count == 0)
        {
            throw new NsmConfigurationException("NSM_SERVICE_NAME: no network service to serve (set NSM_SERVICE_NAME or NSM_NETWORK_SERVICES)");
        }

        var defaultListen = "unix://" + Path.Combine(Path.GetTempPath(), "nsm-nse-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture), "listen.on.sock");
        var (file, path) = ReadAclFile(env);
        AclRuleSet guide;
        try
        {
            guide = FirewallRules.Parse(env.GetRaw("NSM_FIREWALL_RULES"));
        }
        catch (AclRulesException e)
        {
            throw new NsmConfigurationException(e.Message);
        }

        return new FirewallCmdOptions
        {
            Name = env.GetString("NSM_NAME", "firewall-server"),
            ConnectTo = env.GetUrl("NSM_CONNECT_TO", "unix:///var/lib/networkservicemesh/nsm.io.sock")!,
            ListenOn = env.GetUrl("NSM_LISTEN_ON", defaultListen)!,
            ServiceNames = services,
            Labels = env.GetLabels("NSM_LABELS"),
            Rules = AclRuleSet.Concat(file, guide),
            AclConfigPath = path,
            DialTimeout = env.GetDuration("NSM_DIAL_TIMEOUT", TimeSpan.FromSeconds(5)),
            MaxTokenLifetime = env.GetMaxTokenLifetime(),
        };
    }

    /// <summary>Gets what is registered through the nsmgr: the endpoint only (the services are the NS's, with their matches).</summary>
    public NsmRegistrationOptions ToRegistrationOptions()
    {
        var nse = EndpointRecord.Create(Name, ListenOn.ToString(), ServiceNames, Labels);

        return new NsmRegistrationOptions { RegistryUrl = ConnectTo, Endpoint = nse, Services = [], DialTimeout = DialTimeout };
    }

    public override string ToString() =>
        $"name={Name} connectTo={ConnectTo} listenOn={ListenOn} services={string.Join(',', ServiceNames)} " +
        $"labels={string.Join(',', Labels.Select(kv => kv.Key + "=" + kv.Value))} aclConfigPath={AclConfigPath ?? "(none)"} " +
        $"rules={Rules.Rules.Count} maxTokenLifetime={MaxTokenLifetime}";

    private static (AclRuleSet Rules, string? Path) ReadAclFile(NsmEnvironment env)
    {
        var path = env.GetString("NSM_ACL_CONFIG_PATH", DefaultAclConfigPath);
        if (!File.Exists(path))
        {
            return path == DefaultAclConfigPath
                ? (AclRuleSet.Empty, null)
                : throw new NsmConfigurationException($"NSM_ACL_CONFIG_PATH: {path} does not exist");
        }

        try
        {
            return (AclConfigFile.Parse(File.ReadAllText(path), path), path);
        }
        catch (AclRulesException e)
        {
            throw new NsmConfigurationException($"NSM_ACL_CONFIG_PATH: {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new NsmConfigurationException($"NSM_ACL_CONFIG_PATH: {path} cannot be read: {e.Message}");
        }
    }
}
