using Nsm.Api.NetworkService;
using Nsm.Sdk.Common.SetExtraContext;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Tests.Common.SetExtraContext;

public class SetExtraContextServerTests
{
    [Fact]
    public async Task Values_are_written_overwriting_existing_keys()
    {
        var server = new SetExtraContextServer(new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" });
        var request = new NetworkServiceRequest { Connection = new Connection { Id = "c1", Context = new ConnectionContext { ExtraContext = { ["a"] = "old", ["c"] = "3" } } } };
        var conn = await new NetworkServiceServerChain(server).RequestAsync(request, new NsmContext());
        Assert.Equal("1", conn.Context.ExtraContext["a"]);
        Assert.Equal("2", conn.Context.ExtraContext["b"]);
        Assert.Equal("3", conn.Context.ExtraContext["c"]);
    }
}
