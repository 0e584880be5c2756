using Nsm.Api.NetworkService;
using Nsm.Sdk.Api;
using ApiPath = Nsm.Api.NetworkService.Path;

namespace Nsm.Sdk.Tests.Api;

public class MonitorScopeSelectorTests
{
    private static Connection Conn(string service, params (string Name, string Id, string Token)[] segments)
    {
        var conn = new Connection { NetworkService = service, Path = new ApiPath() };
        foreach (var (name, id, token) in segments)
        {
            conn.Path.PathSegments.Add(new PathSegment { Name = name, Id = id, Token = token });
        }

        return conn;
    }

    private static MonitorScopeSelector Sel(string[] services, params (string Name, string Id, string Token)[] segments)
    {
        var sel = new MonitorScopeSelector { NetworkServices = { services } };
        foreach (var (name, id, token) in segments)
        {
            sel.PathSegments.Add(new PathSegment { Name = name, Id = id, Token = token });
        }

        return sel;
    }

    private static readonly Connection Sample = Conn("svc", ("nsc", "1", "t1"), ("nsmgr", "2", "t2"), ("fwd", "3", "t3"), ("nse", "4", "t4"));

    [Fact]
    public void Null_connection_never_matches()
    {
        Assert.False(((Connection?)null).MatchesMonitorScopeSelector(new MonitorScopeSelector()));
        Assert.False(((Connection?)null).MatchesMonitorScopeSelector(null));
    }

    [Fact]
    public void Empty_selector_matches_everything()
    {
        Assert.True(Sample.MatchesMonitorScopeSelector(new MonitorScopeSelector()));
        Assert.True(new Connection().MatchesMonitorScopeSelector(null));
    }

    [Fact]
    public void Network_service_must_be_listed()
    {
        Assert.True(Sample.MatchesMonitorScopeSelector(Sel(["other", "svc"])));
        Assert.False(Sample.MatchesMonitorScopeSelector(Sel(["other"])));
    }

    [Fact]
    public void Contiguous_subsequence_matches()
    {
        Assert.True(Sample.MatchesMonitorScopeSelector(Sel([], ("nsmgr", "2", "t2"), ("fwd", "3", "t3"))));
        Assert.True(Sample.MatchesMonitorScopeSelector(Sel([], ("nse", "4", "t4"))));
        Assert.True(Sample.MatchesMonitorScopeSelector(Sel([], ("nsc", "1", "t1"), ("nsmgr", "2", "t2"), ("fwd", "3", "t3"), ("nse", "4", "t4"))));
    }

    [Fact]
    public void Non_contiguous_or_out_of_order_does_not_match()
    {
        Assert.False(Sample.MatchesMonitorScopeSelector(Sel([], ("nsc", "1", "t1"), ("fwd", "3", "t3"))));
        Assert.False(Sample.MatchesMonitorScopeSelector(Sel([], ("fwd", "3", "t3"), ("nsmgr", "2", "t2"))));
    }

    [Fact]
    public void Selector_longer_than_path_does_not_match()
    {
        var conn = Conn("svc", ("nsc", "1", "t1"));
        Assert.False(conn.MatchesMonitorScopeSelector(Sel([], ("nsc", "1", "t1"), ("nsmgr", "", ""))));
        Assert.False(Conn("svc").MatchesMonitorScopeSelector(Sel([], ("", "", ""))));
    }

    [Fact]
    public void Empty_selector_fields_are_wildcards()
    {
        Assert.True(Sample.MatchesMonitorScopeSelector(Sel([], ("", "3", ""))));
        Assert.True(Sample.MatchesMonitorScopeSelector(Sel([], ("nsmgr", "", ""), ("", "", "t3"))));
        Assert.True(Sample.MatchesMonitorScopeSelector(Sel([], ("", "", ""))));
        Assert.False(Sample.MatchesMonitorScopeSelector(Sel([], ("nsmgr", "3", ""))));
        Assert.False(Sample.MatchesMonitorScopeSelector(Sel([], ("nsc", "1", "wrong"))));
    }

    [Fact]
    public void Service_and_segments_are_anded()
    {
        Assert.True(Sample.MatchesMonitorScopeSelector(Sel(["svc"], ("", "2", ""))));
        Assert.False(Sample.MatchesMonitorScopeSelector(Sel(["svc"], ("", "9", ""))));
        Assert.False(Sample.MatchesMonitorScopeSelector(Sel(["x"], ("", "2", ""))));
    }

    [Fact]
    public void Cmd_nsc_selector_by_own_id()
    {
        var sel = Sel([], ("", "nsc-0", ""));
        Assert.True(Conn("svc", ("nsc", "nsc-0", ""), ("nsmgr", "u", "")).MatchesMonitorScopeSelector(sel));
        Assert.False(Conn("svc", ("nsc", "nsc-1", ""), ("nsmgr", "u", "")).MatchesMonitorScopeSelector(sel));
    }

    [Fact]
    public void Filter_map_keeps_only_matches()
    {
        var ev = new ConnectionEvent
        {
            Connections =
            {
                ["a"] = Conn("svc-a", ("nsc", "a", "")),
                ["b"] = Conn("svc-b", ("nsc", "b", "")),
            },
        };

        var filtered = ev.Connections.FilterMapOnMonitorScopeSelector(Sel(["svc-b"]));
        Assert.Equal(["b"], filtered.Keys);
        Assert.Equal(2, ev.Connections.Count);
        Assert.Equal(2, ev.Connections.FilterMapOnMonitorScopeSelector(null).Count);
    }
}
