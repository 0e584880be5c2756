using Nsm.Api.NetworkService;
using Nsm.Sdk.Common.DnsContext;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Tests.Common.DnsContext;

public sealed class DnsContextTests : IDisposable
{
    private readonly string _resolvConf = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "nsm-resolv-" + Guid.NewGuid().ToString("N") + ".conf");

    public void Dispose() => File.Delete(_resolvConf);

    private static DNSConfig Config(string ip, params string[] domains) => new() { DnsServerIps = { ip }, SearchDomains = { domains } };

    [Fact]
    public async Task Server_appends_configs_that_are_not_present()
    {
        var server = new DnsContextServer(Config("10.0.0.53", "my.svc"), Config("10.0.0.54"));
        var request = new NetworkServiceRequest { Connection = new Connection { Id = "c1" } };
        request.Connection.Context = new ConnectionContext { DnsContext = new DNSContext { Configs = { Config("10.0.0.54") } } };
        var conn = await new NetworkServiceServerChain(server).RequestAsync(request, new NsmContext());
        conn = await new NetworkServiceServerChain(server).RequestAsync(new NetworkServiceRequest { Connection = conn }, new NsmContext());
        Assert.Equal(["10.0.0.54", "10.0.0.53"], conn.Context.DnsContext.Configs.Select(c => c.DnsServerIps[0]));
    }

    [Fact]
    public async Task Client_does_not_touch_resolv_conf_by_default_and_stores_configs_per_connection()
    {
        var options = new DnsContextClientOptions();
        Assert.False(options.RewriteResolvConf);
        var client = new DnsContextClient(options);
        Assert.Null(client.OriginalConfig);
        var chain = new NetworkServiceClientChain(client, new DnsContextServer(Config("10.0.0.53")).AsClientForTest());
        var conn = await chain.RequestAsync(new NetworkServiceRequest { Connection = new Connection { Id = "c1" } }, new NsmContext());
        Assert.Equal("10.0.0.53", Assert.Single(client.DnsConfigs["c1"]).DnsServerIps[0]);
        await chain.CloseAsync(conn, new NsmContext());
        Assert.Empty(client.DnsConfigs);
    }

    [Fact]
    public async Task Client_rewrites_the_given_resolv_conf_and_adds_the_original_config()
    {
        const string original = "search default.svc.cluster.local svc.cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n";
        await File.WriteAllTextAsync(_resolvConf, original);
        var options = new DnsContextClientOptions { RewriteResolvConf = true, ResolvConfPath = _resolvConf };
        var client = new DnsContextClient(options);
        var text = await File.ReadAllTextAsync(_resolvConf);
        Assert.EndsWith("nameserver 127.0.0.1\n", text, StringComparison.Ordinal);
        Assert.Contains("#nsm# nameserver 10.96.0.10", text, StringComparison.Ordinal);
        Assert.Equal(["10.96.0.10"], client.OriginalConfig!.DnsServerIps);
        Assert.Equal(["default.svc.cluster.local", "svc.cluster.local"], client.OriginalConfig.SearchDomains);

        // A second start (e.g. a restart) restores the original first instead of commenting the comments.
        var again = new DnsContextClient(options);
        Assert.Equal(text, await File.ReadAllTextAsync(_resolvConf));
        Assert.Equal(client.OriginalConfig, again.OriginalConfig);

        var chain = new NetworkServiceClientChain(again, new DnsContextServer(Config("10.0.0.53")).AsClientForTest());
        await chain.RequestAsync(new NetworkServiceRequest { Connection = new Connection { Id = "c1" } }, new NsmContext());
        Assert.Equal(["10.0.0.53", "10.96.0.10"], again.DnsConfigs["c1"].Select(c => c.DnsServerIps[0]));
    }
}

internal static class ServerAsClientExtensions
{
    public static INetworkServiceClient AsClientForTest(this INetworkServiceServer server) => new ServerAsClient(server);

    private sealed class ServerAsClient(INetworkServiceServer server) : INetworkServiceClient
    {
        public ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context, NetworkServiceHandler next) =>
            server.RequestAsync(request, context, next);

        public ValueTask CloseAsync(Connection connection, NsmContext context, NetworkServiceHandler next) =>
            server.CloseAsync(connection, context, next);
    }
}
