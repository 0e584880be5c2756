extern alias nscinit;
using Microsoft.Extensions.Logging;
using Nsm.Sdk.Hosting;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Chains.Client;
using Nsm.Sdk.Common.Authorize;
using Nsm.Sdk.Common.Mechanisms.Kernel;
using Nsm.Sdk.Testing;
using NscInitOptions = nscinit::Nsm.Cmd.Nsc.NscCmdOptions;
using NscInitRequests = nscinit::Nsm.Cmd.NscInit.NscInitRequests;

namespace Nsm.Cmd.Tests;

/// <summary>cmd/nsc-init: cmd/nsc's env, each service requested once, true only when all are connected.</summary>
public class NscInitTests
{
    [Fact]
    public void It_reads_the_env_of_cmd_nsc_and_names_the_connections_as_cmd_nsc_does()
    {
        var options = NscInitOptions.FromEnvironment(Env.Of(
            ("NSM_NAME", "nsc-pod-1"),
            ("NSM_CONNECT_TO", "unix:///tmp/nsm.sock"),
            ("NSM_NETWORK_SERVICES", "isolated-network, kernel://other/eth7?app=x"),
            ("NSM_LABELS", "team=a"),
            ("NSM_DIAL_TIMEOUT", "1s"),
            ("NSM_REQUEST_TIMEOUT", "3s")));
        Assert.Equal(TimeSpan.FromSeconds(3), options.RequestTimeout);

        var first = options.ToRequest(0);
        Assert.Equal("nsc-pod-1-0", first.Connection.Id);
        Assert.Equal("isolated-network", first.Connection.NetworkService);
        Assert.Equal("nsm-1", KernelMechanism.ToMechanism(first.MechanismPreferences[0])!.InterfaceName);
        Assert.Equal("a", first.Connection.Labels["team"]);

        var second = options.ToRequest(1);
        Assert.Equal("nsc-pod-1-1", second.Connection.Id);
        Assert.Equal("eth7", KernelMechanism.ToMechanism(second.MechanismPreferences[0])!.InterfaceName);
        Assert.Equal("x", second.Connection.Labels["app"]);

        var client = options.ToClientOptions(null, "inode://4/1");
        client.Validate();
        Assert.Null(client.Heal);
        Assert.Equal(new Uri("unix:///tmp/nsm.sock"), client.ClientUrl);
        Assert.Equal(TimeSpan.FromSeconds(1), client.DialTimeout);
    }

    [Fact]
    public void Without_network_services_it_stops_with_the_variable_named()
    {
        var ex = Assert.Throws<Nsm.Sdk.Hosting.NsmConfigurationException>(() => NscInitOptions.FromEnvironment(Env.Of()));
        Assert.StartsWith("NSM_NETWORK_SERVICES:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task It_connects_every_service_of_an_in_process_mesh_and_leaves_the_connections_open()
    {
        await using var domain = await SandboxDomain.BuildAsync(nodes: 1);
        var node = domain.Nodes[0];
        await domain.RegisterServiceAsync("svc-a");
        await domain.RegisterServiceAsync("svc-b");
        await node.NewEndpointAsync("nse-a", ["svc-a"]);
        await node.NewEndpointAsync("nse-b", ["svc-b"]);
        var options = NscInitOptions.FromEnvironment(Env.Of(
            ("NSM_NAME", "nsc-init"),
            ("NSM_CONNECT_TO", node.Nsmgr.Url.ToString()),
            ("NSM_NETWORK_SERVICES", "svc-a,kernel://svc-b/nsm-2"),
            ("NSM_REQUEST_TIMEOUT", "10s")));
        var client = NewClient(domain, options);

        Assert.True(await new NscInitRequests(options, client, domain.Clock, Logs()).RunAsync(CancellationToken.None));
        Assert.True(node.ConnectionCount() >= 2, string.Join('\n', node.Describe()));
    }

    [Fact]
    public async Task A_service_without_an_endpoint_fails_the_run()
    {
        await using var domain = await SandboxDomain.BuildAsync(nodes: 1);
        var node = domain.Nodes[0];
        await domain.RegisterServiceAsync("svc-a");
        await node.NewEndpointAsync("nse-a", ["svc-a"]);
        var options = NscInitOptions.FromEnvironment(Env.Of(
            ("NSM_NAME", "nsc-init"),
            ("NSM_CONNECT_TO", node.Nsmgr.Url.ToString()),
            ("NSM_NETWORK_SERVICES", "svc-a,missing"),
            ("NSM_REQUEST_TIMEOUT", "2s")));

        Assert.False(await new NscInitRequests(options, NewClient(domain, options), domain.Clock, Logs()).RunAsync(CancellationToken.None));
    }

    /// <summary>The client of cmd/nsc-init's Program (no heal, no refresh) with the sandbox's identity for its tokens.</summary>
    private static NsmClient NewClient(SandboxDomain domain, NscInitOptions options)
    {
        var context = domain.ContextOf(options.Name);
        return new NsmClient(
            options.ToClientOptions(null, KernelMechanismOptions.ForProcess(Environment.ProcessId)) with
            {
                Refresh = false,
                TokenGenerator = domain.TokensOf(options.Name),
                Authorize = context.EnforcesPolicies ? new AuthorizeClient(AuthorizeClientOptions.ForContext(context)) : null,
            },
            context);
    }

    private static ILoggerFactory Logs() => LoggerFactory.Create(b => b.AddNsmConsole(Env.Of()));
}
