using Nsm.Sdk.Api;

namespace Nsm.Sdk.Tests.Api;

public class RegistryPathTests
{
    [Fact]
    public void Empty_path_serializes_null_segments()
    {
        Assert.Equal("path", RegistryPath.MetadataKey);
        Assert.Equal("{\"Index\":0,\"PathSegments\":null}", new RegistryPath().ToJson());
    }

    [Fact]
    public void Segments_serialize_with_lowercase_token()
    {
        var path = new RegistryPath { Index = 1 };
        path.PathSegments.Add(new RegistryPathSegment("a.b.c"));
        path.PathSegments.Add(new RegistryPathSegment("d.e.f"));
        Assert.Equal("{\"Index\":1,\"PathSegments\":[{\"token\":\"a.b.c\"},{\"token\":\"d.e.f\"}]}", path.ToJson());
    }

    [Fact]
    public void Strings_are_escaped_like_go()
    {
        var path = new RegistryPath();
        path.PathSegments.Add(new RegistryPathSegment("<&>\"\\\n\t\u0001\u2028é"));
        Assert.Equal(
            "{\"Index\":0,\"PathSegments\":[{\"token\":\"\\u003c\\u0026\\u003e\\\"\\\\\\n\\t\\u0001\\u2028é\"}]}",
            path.ToJson());
    }

    [Fact]
    public void Decodes_go_output_and_round_trips()
    {
        const string json = "{\"Index\":2,\"PathSegments\":[{\"token\":\"t1\"},{\"token\":\"t2\"},{\"token\":\"t3\"}]}";
        var path = RegistryPath.FromJson(json);
        Assert.Equal(2u, path.Index);
        Assert.Equal(["t1", "t2", "t3"], path.PathSegments.Select(s => s.Token));
        Assert.Equal(json, path.ToJson());
    }

    [Fact]
    public void Keys_match_case_insensitively()
    {
        var path = RegistryPath.FromJson("{\"index\":3,\"pathSegments\":[{\"Token\":\"x\"},{\"TOKEN\":\"y\"}]}");
        Assert.Equal(3u, path.Index);
        Assert.Equal(["x", "y"], path.PathSegments.Select(s => s.Token));
    }

    [Fact]
    public void Snake_case_and_unknown_keys_are_ignored()
    {
        var path = RegistryPath.FromJson("{\"Index\":1,\"path_segments\":[{\"token\":\"x\"}],\"extra\":{\"a\":[1,2]},\"PathSegments\":[{\"token\":\"y\",\"other\":1}]}");
        Assert.Equal(1u, path.Index);
        Assert.Equal(["y"], path.PathSegments.Select(s => s.Token));
        Assert.Empty(RegistryPath.FromJson("{\"path_segments\":[{\"token\":\"x\"}]}").PathSegments);
    }

    [Fact]
    public void Nulls_leave_fields_empty()
    {
        var path = RegistryPath.FromJson("{\"Index\":null,\"PathSegments\":null}");
        Assert.Equal(0u, path.Index);
        Assert.Empty(path.PathSegments);
        Assert.Empty(RegistryPath.FromJson("null").PathSegments);
        Assert.Equal(string.Empty, RegistryPath.FromJson("{\"PathSegments\":[{\"token\":null}]}").PathSegments[0].Token);
        Assert.Equal(string.Empty, RegistryPath.FromJson("{\"PathSegments\":[null]}").PathSegments[0].Token);
        Assert.Empty(RegistryPath.FromJson("{\"PathSegments\":[]}").PathSegments);
    }

    [Fact]
    public void Last_duplicate_wins()
    {
        var path = RegistryPath.FromJson("{\"Index\":1,\"index\":2,\"PathSegments\":[{\"token\":\"a\"}],\"pathsegments\":[{\"token\":\"b\"}]}");
        Assert.Equal(2u, path.Index);
        Assert.Equal(["b"], path.PathSegments.Select(s => s.Token));
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("{\"Index\":-1}")]
    [InlineData("{\"Index\":1.5}")]
    [InlineData("{\"Index\":4294967296}")]
    [InlineData("{\"Index\":\"1\"}")]
    [InlineData("{\"PathSegments\":{}}")]
    [InlineData("{\"PathSegments\":[{\"token\":1}]}")]
    [InlineData("{\"PathSegments\":[\"x\"]}")]
    [InlineData("{\"Index\":0")]
    public void Invalid(string json)
    {
        Assert.False(RegistryPath.TryFromJson(json, out _));
        Assert.Throws<FormatException>(() => RegistryPath.FromJson(json));
    }

    [Fact]
    public void Clone_is_deep()
    {
        var path = new RegistryPath { Index = 1 };
        path.PathSegments.Add(new RegistryPathSegment("a"));
        var clone = path.Clone();
        clone.PathSegments[0].Token = "b";
        clone.Index = 0;
        Assert.Equal("a", path.PathSegments[0].Token);
        Assert.Equal(1u, path.Index);
    }
}
