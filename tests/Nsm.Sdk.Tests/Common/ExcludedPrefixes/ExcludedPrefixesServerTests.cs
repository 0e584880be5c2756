using Nsm.Api.NetworkService;
using Nsm.Sdk.Common.ExcludedPrefixes;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Tests.Common.ExcludedPrefixes;

public sealed class ExcludedPrefixesServerTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static NetworkServiceRequest Request(params string[] excluded)
    {
        var ip = new IPContext();
        ip.ExcludedPrefixes.Add(excluded);
        return new NetworkServiceRequest { Connection = new Connection { Id = "c1", Context = new ConnectionContext { IpContext = ip } } };
    }

    private static async Task<string[]> Excluded(ExcludedPrefixesServer server, NetworkServiceRequest request)
    {
        var conn = await new NetworkServiceServerChain(server).RequestAsync(request, new NsmContext());
        return [.. conn.Context.IpContext.ExcludedPrefixes];
    }

    [Fact]
    public void Default_path_is_upstreams()
    {
        Assert.Equal("/var/lib/networkservicemesh/config/excluded_prefixes.yaml", new ExcludedPrefixesServerOptions().ConfigPath);
    }

    [Fact]
    public async Task Prefixes_from_the_file_are_appended_without_duplicates()
    {
        var path = _dir.File("excluded_prefixes.yaml");
        await File.WriteAllTextAsync(path, "prefixes:\n- 10.96.0.0/12\n- 10.244.0.0/16\n- 10.96.0.0/12\n");
        using var server = new ExcludedPrefixesServer(new() { ConfigPath = path });
        Assert.Equal(["10.244.0.0/16", "172.16.0.0/12", "10.96.0.0/12"], await Excluded(server, Request("10.244.0.0/16", "172.16.0.0/12")));
    }

    [Fact]
    public async Task Changes_to_the_file_are_picked_up()
    {
        var path = _dir.File("excluded_prefixes.yaml");
        await File.WriteAllTextAsync(path, "prefixes: [10.96.0.0/12]");
        using var server = new ExcludedPrefixesServer(new() { ConfigPath = path });
        Assert.Equal(["10.96.0.0/12"], await Excluded(server, Request()));

        await File.WriteAllTextAsync(path, "prefixes: [10.96.0.0/12, 192.168.0.0/16]");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (server.Prefixes.Count != 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Equal(["10.96.0.0/12", "192.168.0.0/16"], await Excluded(server, Request()));

        File.Delete(path);
        deadline = DateTime.UtcNow.AddSeconds(10);
        while (server.Prefixes.Count != 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Empty(await Excluded(server, Request()));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("prefixes: [not-a-cidr]")]
    [InlineData("prefixes: [10.0.0.0/8")]
    [InlineData("")]
    public async Task A_missing_or_bad_file_adds_nothing_and_does_not_fail(string? content)
    {
        var path = _dir.File("excluded_prefixes.yaml");
        if (content is not null)
        {
            await File.WriteAllTextAsync(path, content);
        }

        using var server = new ExcludedPrefixesServer(new() { ConfigPath = path });
        Assert.Equal(["1.1.1.1/32"], await Excluded(server, Request("1.1.1.1/32")));
    }

    [Fact]
    public async Task A_missing_directory_does_not_fail()
    {
        using var server = new ExcludedPrefixesServer(new() { ConfigPath = _dir.File("nope/excluded_prefixes.yaml") });
        Assert.Empty(await Excluded(server, Request()));
    }

    [Fact]
    public async Task The_file_is_read_lazily_on_the_first_request()
    {
        var path = _dir.File("excluded_prefixes.yaml");
        using var server = new ExcludedPrefixesServer(new() { ConfigPath = path });
        await File.WriteAllTextAsync(path, "prefixes: [10.96.0.0/12]");
        Assert.Empty(server.Prefixes);
        Assert.Equal(["10.96.0.0/12"], await Excluded(server, Request()));
    }
}
