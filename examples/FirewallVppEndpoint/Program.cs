// A passthrough firewall to fork whose data path is its own VPP: each incoming connection (MEMIF or KERNEL) is
// cross-connected at L2 to its onward connection to the same service (MEMIF, else KERNEL) and filtered by VPP ACLs made
// from the guide's rule lines, in order ("permit tcp any any port 80", one per line; VPP denies the rest).
//   NSM_SERVICE_NAME=secure-path NSM_FIREWALL_RULES=$'permit icmp any any\npermit tcp any any port 80' dotnet run
// VPP: an external one at NSM_VPP_API_SOCKET (/var/run/vpp/external/vpp-api.sock), else a private vpp from PATH.
// cmd/nse-firewall-vpp is this with all of upstream's settings (the ACL YAML file too).
using Microsoft.Extensions.DependencyInjection;
using Nsm.Api.Registry;
using Nsm.Sdk.Acl;
using Nsm.Sdk.Builder;
using Nsm.Sdk.Common.Mechanisms.Kernel;
using Nsm.Sdk.Hosting;
using Nsm.Sdk.Vpp.Acl;
using Nsm.Sdk.Vpp.Hosting;
using Nsm.Sdk.Vpp.Passthrough;

return await VppProgram.RunAsync("firewall-vpp-endpoint", async () =>
{
    var env = new NsmEnvironment();
    var name = env.GetString("NSM_NAME", "firewall-vpp-endpoint");
    var service = env.GetString("NSM_SERVICE_NAME", "secure-path");
    var listenOn = env.GetUrl("NSM_LISTEN_ON", $"unix://{Path.GetTempPath()}{name}.sock")!;
    var connectTo = env.GetUrl("NSM_CONNECT_TO", "unix:///var/lib/networkservicemesh/nsm.io.sock")!;
    VppAclRules rules;
    try
    {
        rules = VppAclRules.FromRuleSet(FirewallRules.Parse(env.GetRaw("NSM_FIREWALL_RULES")));
    }
    catch (Exception e) when (e is AclRulesException or ArgumentException)
    {
        throw new NsmConfigurationException(e.Message);
    }

    var passthrough = new VppPassthroughEndpoint
    {
        Name = name,
        ConnectTo = connectTo,
        NetNSUrl = KernelMechanismOptions.ForProcess(Environment.ProcessId),
        Labels = env.GetLabels("NSM_LABELS"),
    };
    await VppEndpointHost.RunAsync(
        args,
        env,
        VppRuntimeOptions.FromEnvironment(env, "firewall-vpp-endpoint", name, VppPassthroughMessages.All),
        listenOn,
        null,
        (sp, vpp, logger) => passthrough.ToEndpointOptions(vpp, sp.GetRequiredService<NsmBuildContext>(), () => [new VppAclServer(vpp, rules)], logger),
        () => new NsmRegistrationOptions
        {
            RegistryUrl = connectTo,
            Endpoint = new NetworkServiceEndpoint { Name = name, Url = listenOn.ToString(), NetworkServiceNames = { service } },
            Services = [],
        },
        CancellationToken.None);
}, Console.Error);
