using Nsm.Sdk.Authorization;

namespace Nsm.Sdk.Tests.Authorization;

public sealed class RegistryAndMonitorPolicyTests : IDisposable
{
    private readonly PolicyTestTokens _tokens = new();

    public void Dispose() => _tokens.Dispose();

    private static RegistryAuthorizationInput Registry(string resourceId, Dictionary<string, IReadOnlyList<string>> map) =>
        new(resourceId, "nse-1", map, [], 0, null);

    [Fact]
    public void ClientAllowed_NameNotRegistered_Passes()
    {
        var map = new Dictionary<string, IReadOnlyList<string>> { ["other"] = ["spiffe://example.org/x"] };

        Assert.True(new ClientAllowedPolicy().IsValid(Registry(PolicyTestTokens.Id("nse"), map)));
    }

    [Fact]
    public void ClientAllowed_SameFirstRegistrant_Passes()
    {
        var map = new Dictionary<string, IReadOnlyList<string>>
        {
            ["nse-1"] = [PolicyTestTokens.Id("nse"), PolicyTestTokens.Id("nsmgr"), PolicyTestTokens.Id("registry")],
        };

        Assert.True(new ClientAllowedPolicy().IsValid(Registry(PolicyTestTokens.Id("nse"), map)));
    }

    [Fact]
    public void ClientAllowed_DifferentRegistrant_Fails()
    {
        var map = new Dictionary<string, IReadOnlyList<string>> { ["nse-1"] = [PolicyTestTokens.Id("nse"), PolicyTestTokens.Id("nsmgr")] };

        Assert.False(new ClientAllowedPolicy().IsValid(Registry(PolicyTestTokens.Id("nsmgr"), map)));
        Assert.False(new ClientAllowedPolicy().IsValid(Registry(string.Empty, map)));
    }

    [Fact]
    public void ClientAllowed_RecordedButEmpty_Fails()
    {
        var map = new Dictionary<string, IReadOnlyList<string>> { ["nse-1"] = [] };

        Assert.False(new ClientAllowedPolicy().IsValid(Registry(PolicyTestTokens.Id("nse"), map)));
    }

    [Fact]
    public void ResourceIdFromPath_IsSubOfSegmentZero()
    {
        var path = _tokens.ChainedPath("nse", "nsmgr", "registry");

        Assert.Equal(PolicyTestTokens.Id("nse"), RegistryAuthorizationInput.ResourceIdFromPath(path));
        Assert.Equal(string.Empty, RegistryAuthorizationInput.ResourceIdFromPath([]));
        Assert.Equal(string.Empty, RegistryAuthorizationInput.ResourceIdFromPath([new("junk")]));
    }

    private static MonitorAuthorizationInput Monitor(string[] owned, string[] selector) =>
        new(PolicyTestTokens.Id("nsc"), new Dictionary<string, IReadOnlyCollection<string>> { [PolicyTestTokens.Id("nsc")] = owned }, selector);

    [Fact]
    public void ServiceConnection_Intersecting_Passes()
    {
        Assert.True(new ServiceConnectionPolicy().IsValid(Monitor(["conn-1", "conn-2"], ["conn-9", "conn-2"])));
    }

    [Theory]
    [InlineData(new string[0], new[] { "conn-1" })]
    [InlineData(new[] { "conn-1" }, new string[0])]
    [InlineData(new[] { "conn-1" }, new[] { "conn-2" })]
    public void ServiceConnection_EmptyOrDisjoint_Fails(string[] owned, string[] selector)
    {
        Assert.False(new ServiceConnectionPolicy().IsValid(Monitor(owned, selector)));
    }

    [Fact]
    public void ServiceConnection_UnknownCaller_Fails()
    {
        var input = new MonitorAuthorizationInput(
            PolicyTestTokens.Id("stranger"),
            new Dictionary<string, IReadOnlyCollection<string>> { [PolicyTestTokens.Id("nsc")] = ["conn-1"] },
            ["conn-1"]);

        Assert.False(new ServiceConnectionPolicy().IsValid(input));
    }
}
