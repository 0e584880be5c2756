using Microsoft.Extensions.Logging;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Common.ClientInfo;
using Nsm.Sdk.Core;
using Nsm.Sdk.Tests.Common.Doubles;

namespace Nsm.Sdk.Tests.Common.ClientInfo;

public class ClientInfoClientTests
{
    private static async Task<IDictionary<string, string>> Labels(Dictionary<string, string> env, params (string Key, string Value)[] existing)
    {
        var client = new ClientInfoClient(new ClientInfoOptions { GetEnvironmentVariable = v => env.GetValueOrDefault(v) });
        var conn = new Connection { Id = "c1" };
        foreach (var (k, v) in existing)
        {
            conn.Labels[k] = v;
        }

        var result = await new NetworkServiceClientChain(client).RequestAsync(new NetworkServiceRequest { Connection = conn }, new NsmContext());
        return result.Labels;
    }

    [Fact]
    public async Task Labels_come_from_the_environment()
    {
        var labels = await Labels(new() { ["NODE_NAME"] = "node-1", ["POD_NAME"] = "nsc-1", ["CLUSTER_NAME"] = "east" });
        Assert.Equal("node-1", labels["nodeName"]);
        Assert.Equal("nsc-1", labels["podName"]);
        Assert.Equal("east", labels["clusterName"]);
    }

    [Fact]
    public async Task Existing_labels_are_not_overwritten_and_missing_variables_add_nothing()
    {
        var labels = await Labels(new() { ["NODE_NAME"] = "node-1", ["POD_NAME"] = "nsc-1" }, ("podName", "mine"), ("app", "x"));
        Assert.Equal("mine", labels["podName"]);
        Assert.Equal("node-1", labels["nodeName"]);
        Assert.False(labels.ContainsKey("clusterName"));
        Assert.Equal("x", labels["app"]);
    }

    [Fact]
    public async Task Unset_variables_are_warned_about_once_not_on_every_Request()
    {
        var env = new Dictionary<string, string> { ["NODE_NAME"] = "node-1" };
        var chain = new NetworkServiceClientChain(new ClientInfoClient(new ClientInfoOptions { GetEnvironmentVariable = v => env.GetValueOrDefault(v) }));
        var logger = new RecordingLogger();

        await chain.RequestAsync(new NetworkServiceRequest { Connection = new Connection { Id = "c1" } }, new NsmContext(logger: logger));
        await chain.RequestAsync(new NetworkServiceRequest { Connection = new Connection { Id = "c2" } }, new NsmContext(logger: logger));

        var warnings = logger.At(LogLevel.Warning, "clientinfo:");
        Assert.Equal(2, warnings.Count);
        Assert.Single(warnings, w => w.Contains("POD_NAME", StringComparison.Ordinal));
        Assert.Single(warnings, w => w.Contains("CLUSTER_NAME", StringComparison.Ordinal));
        Assert.Equal(2, logger.At(LogLevel.Debug, "clientinfo:").Count(m => m.Contains("c2", StringComparison.Ordinal)));

        env["POD_NAME"] = "nsc-1";
        var conn = await chain.RequestAsync(new NetworkServiceRequest { Connection = new Connection { Id = "c3" } }, new NsmContext(logger: logger));
        Assert.Equal("nsc-1", conn.Labels["podName"]);
        Assert.Equal(2, logger.At(LogLevel.Warning, "clientinfo:").Count);
    }
}
