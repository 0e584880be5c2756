using Grpc.Health.V1;
using Grpc.Net.Client;

namespace Nsm.Images.Tests;

/// <summary>
/// The cmd-nse-firewall image (deploy/images/cmd-nse-firewall: the Native AOT binary and the machine's nft with the
/// libraries it links), built by scripts/images.sh: it starts with the guide's rules, refuses a bad rule line by
/// number, and its nft runs.
/// </summary>
public sealed class NseFirewallImageTests
{
    private const string Role = "nse-firewall";
    private const string Rules = "permit tcp any any port 80\npermit tcp any any port 443\ndeny ip any any";

    [DockerFact]
    public async Task Starts_with_the_rules_of_NSM_FIREWALL_RULES_serves_health_and_stops_cleanly()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var image = await Images.EnsureAsync(Role, cts.Token);
        var port = ServingProbe.FreeTcpPort();

        // No nsmgr answers NSM_CONNECT_TO: the endpoint serves anyway and keeps retrying its registration.
        await using var container = await Container.RunAsync(
            image,
            ["--network", "host", "-e", "NSM_INSECURE=true", "-e", $"NSM_LISTEN_ON=tcp://127.0.0.1:{port}", "-e", "NSM_NAME=images-test-firewall",
             "-e", "NSM_SERVICE_NAME=images-test", "-e", "NSM_CONNECT_TO=tcp://127.0.0.1:1", "-e", $"NSM_FIREWALL_RULES={Rules}"],
            cts.Token);

        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
        var overall = await ServingProbe.WaitAsync(container, channel, cts.Token);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, overall.Status);
        var log = await container.LogsAsync(cts.Token);
        Assert.Contains("services=images-test", log, StringComparison.Ordinal);
        Assert.Contains("aclConfigPath=(none) rules=3", log, StringComparison.Ordinal); // the three lines, no ACL file

        await container.AssertStopsCleanlyAsync(cts.Token);
    }

    [DockerFact]
    public async Task A_rule_line_that_does_not_parse_stops_it_with_the_line_number()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var image = await Images.EnsureAsync(Role, cts.Token);

        var run = await DockerCli.RunAsync(
            ["run", "--rm", "--network", "none", "-e", "NSM_SERVICE_NAME=images-test", "-e", "NSM_FIREWALL_RULES=permit tcp any any port 80\nallow udp any any", image],
            TimeSpan.FromSeconds(60),
            cts.Token);

        Assert.True(run.ExitCode > 0, run.ToString());
        Assert.Contains("NSM_FIREWALL_RULES line 2", run.Error + run.Output, StringComparison.Ordinal);
    }

    [DockerFact]
    public async Task Holds_an_nft_that_runs()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var image = await Images.EnsureAsync(Role, cts.Token);

        var version = await DockerCli.RunAsync(["run", "--rm", "--network", "none", "--entrypoint", "nft", image, "--version"], TimeSpan.FromSeconds(60), cts.Token);
        Assert.True(version.Ok, version.ToString());
        Assert.StartsWith("nftables v", version.Output, StringComparison.Ordinal);

        // Its libraries are there too: a netlink round trip in the container's own network namespace.
        var list = await DockerCli.RunAsync(
            ["run", "--rm", "--network", "none", "--cap-add", "NET_ADMIN", "--entrypoint", "nft", image, "-j", "list", "ruleset"], TimeSpan.FromSeconds(60), cts.Token);
        Assert.True(list.Ok, list.ToString());
        Assert.StartsWith("{\"nftables\"", list.Output, StringComparison.Ordinal);
    }
}
