using Nsm.Api.NetworkService;
using Nsm.Sdk.Common.ClientInfo;
using Nsm.Sdk.Core;

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
}
