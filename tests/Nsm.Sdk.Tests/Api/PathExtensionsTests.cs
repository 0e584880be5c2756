using Nsm.Api.NetworkService;
using Nsm.Sdk.Api;
using ApiPath = Nsm.Api.NetworkService.Path;

namespace Nsm.Sdk.Tests.Api;

public class PathExtensionsTests
{
    private static ApiPath Make(uint index, params string[] names)
    {
        var path = new ApiPath { Index = index };
        foreach (var name in names)
        {
            path.PathSegments.Add(new PathSegment { Name = name, Id = name + "-id" });
        }

        return path;
    }

    [Fact]
    public void Middle_index_has_all_three()
    {
        var path = Make(1, "nsc", "nsmgr", "nse");
        Assert.Equal("nsmgr", path.GetCurrentPathSegment()!.Name);
        Assert.Equal("nsc", path.GetPrevPathSegment()!.Name);
        Assert.Equal("nse", path.GetNextPathSegment()!.Name);
    }

    [Fact]
    public void First_index_has_no_prev_last_has_no_next()
    {
        Assert.Null(Make(0, "a", "b").GetPrevPathSegment());
        Assert.Equal("b", Make(0, "a", "b").GetNextPathSegment()!.Name);
        Assert.Null(Make(1, "a", "b").GetNextPathSegment());
    }

    [Fact]
    public void Out_of_range_index_gives_null_current()
    {
        var path = Make(5, "a", "b");
        Assert.Null(path.GetCurrentPathSegment());
        Assert.Null(path.GetNextPathSegment());
        Assert.Null(path.GetPrevPathSegment());
        Assert.Equal("b", Make(2, "a", "b").GetPrevPathSegment()!.Name);
    }

    [Fact]
    public void Empty_and_null_paths_give_null()
    {
        Assert.Null(new ApiPath().GetCurrentPathSegment());
        Assert.Null(((ApiPath?)null).GetCurrentPathSegment());
        Assert.Null(((Connection?)null).GetNextPathSegment());
        Assert.Null(new Connection().GetCurrentPathSegment());
    }

    [Fact]
    public void Connection_overloads_use_its_path()
    {
        var conn = new Connection { Path = Make(1, "nsc", "nsmgr", "fwd") };
        Assert.Equal("nsmgr", conn.GetCurrentPathSegment()!.Name);
        Assert.Equal("nsc", conn.GetPrevPathSegment()!.Name);
        Assert.Equal("fwd", conn.GetNextPathSegment()!.Name);
    }
}
