using Nsm.Sdk.Api;
using Nsm.Sdk.Authorization;

namespace Nsm.Sdk.Tests.Authorization;

public sealed class RegistryAuthorizationInputTests : IDisposable
{
    private readonly PolicyTestTokens _tokens = new();

    public void Dispose() => _tokens.Dispose();

    [Fact]
    public void FromPath_ServerSeesLeftSideClientSeesAll()
    {
        var path = new RegistryPath { Index = 1 };
        foreach (var segment in _tokens.ChainedPath("nse", "nsmgr", "registry"))
        {
            path.PathSegments.Add(new RegistryPathSegment(segment.Token));
        }

        var map = new Dictionary<string, IReadOnlyList<string>>();
        var server = RegistryAuthorizationInput.FromPath(path, "nse-1", map, null, leftSideOnly: true);
        var client = RegistryAuthorizationInput.FromPath(path, "nse-1", map, null, leftSideOnly: false);

        Assert.Equal(2, server.PathSegments.Count);
        Assert.Equal(3, client.PathSegments.Count);
        Assert.Equal(1, server.Index);
        Assert.Equal(PolicyTestTokens.Id("nse"), server.ResourceId);
        Assert.Equal("nse-1", client.ResourceName);
    }
}
