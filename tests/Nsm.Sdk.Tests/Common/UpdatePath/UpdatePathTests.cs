using Grpc.Core;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Common.UpdatePath;
using Nsm.Sdk.Core;
using Nsm.Sdk.Tests.Common.Doubles;
using NsmPath = Nsm.Api.NetworkService.Path;

namespace Nsm.Sdk.Tests.Common.UpdatePath;

public class UpdatePathTests
{
    private const string Nse1 = "nse-1";
    private const string Nse2 = "nse-2";
    private const string Nse3 = "nse-3";
    private const string Id1 = "36ce7f0c-9f6d-40a4-8b39-6b56ff07eea9";
    private const string Id2 = "ece490ea-dfe8-4512-a3ca-5be7b39515c5";
    private const string Id3 = "f9a83e55-0a4f-3647-144a-98a9ee8fb231";
    private const string ConnectionId = "54ec76a7-d642-43ca-87bc-ab51765f575a";

    public static TheoryData<bool> Sides => [false, true];

    [Theory]
    [MemberData(nameof(Sides))]
    public async Task NoPathNoId_StartsPathWithNewId(bool client)
    {
        var conn = await Run(client, Nse1, Request(string.Empty, null));
        Assert.Equal(0u, conn.Path.Index);
        var segment = Assert.Single(conn.Path.PathSegments);
        Assert.Equal(Nse1, segment.Name);
        Assert.True(Guid.TryParse(conn.Id, out _));
        Assert.Equal(conn.Id, segment.Id);
    }

    [Theory]
    [MemberData(nameof(Sides))]
    public async Task NoPath_UsesConnectionId(bool client)
    {
        var conn = await Run(client, Nse1, Request(ConnectionId, null));
        var expected = Path(0, 1);
        expected.PathSegments[0].Id = ConnectionId;
        Assert.Equal(expected, conn.Path);
        Assert.Equal(ConnectionId, conn.Id);
    }

    [Theory]
    [MemberData(nameof(Sides))]
    public async Task SameNameDifferentId_TakesSegmentId(bool client)
    {
        var conn = await Run(client, Nse2, Request(ConnectionId, Path(1, 2)));
        Assert.Equal(Path(1, 2), conn.Path);
        Assert.Equal(Id2, conn.Id);
    }

    [Theory]
    [MemberData(nameof(Sides))]
    public async Task DifferentNameInvalidId_Fails(bool client)
    {
        var ex = await Assert.ThrowsAsync<NsmStatusException>(() => Run(client, Nse3, Request(ConnectionId, Path(1, 2))));
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Equal($"Current PathSegment.Id=={Id2} should be equal Connection.Id=={ConnectionId}", ex.Message);
    }

    [Theory]
    [MemberData(nameof(Sides))]
    public async Task InvalidIndex_Fails(bool client)
    {
        var ex = await Assert.ThrowsAsync<NsmStatusException>(() => Run(client, Nse3, Request(Id2, Path(3, 2))));
        Assert.Equal("Path.Index+1==4 should be less or equal len(Path.PathSegments)==2", ex.Message);
    }

    [Theory]
    [MemberData(nameof(Sides))]
    public async Task DifferentNextName_RenamesWithNewId(bool client)
    {
        NetworkServiceRequest? seen = null;
        var requestPath = Path(1, 3);
        requestPath.PathSegments[2].Name = "different";
        var conn = await Run(client, Nse3, Request(Id2, requestPath), r => seen = r.Clone());

        Assert.Equal(2u, seen!.Connection.Path.Index);
        Assert.Equal(Nse3, seen.Connection.Path.PathSegments[2].Name);
        var newId = seen.Connection.Path.PathSegments[2].Id;
        Assert.Equal(newId, seen.Connection.Id);
        Assert.NotEqual(Id3, newId);
        Assert.NotEqual(Id2, newId);

        Assert.Equal(1u, conn.Path.Index);
        Assert.Equal(Id2, conn.Id);
        Assert.Equal(newId, conn.Path.PathSegments[2].Id);
    }

    [Theory]
    [MemberData(nameof(Sides))]
    public async Task NoNextAvailable_AppendsSegment(bool client)
    {
        NetworkServiceRequest? seen = null;
        var conn = await Run(client, Nse3, Request(Id2, Path(1, 2)), r => seen = r.Clone());

        Assert.Equal(2u, seen!.Connection.Path.Index);
        Assert.Equal(3, seen.Connection.Path.PathSegments.Count);
        Assert.Equal(Nse3, seen.Connection.Path.PathSegments[2].Name);
        Assert.Equal(seen.Connection.Path.PathSegments[2].Id, seen.Connection.Id);
        Assert.NotEqual(Id2, seen.Connection.Id);

        Assert.Equal(1u, conn.Path.Index);
        Assert.Equal(Id2, conn.Id);
        Assert.Equal(3, conn.Path.PathSegments.Count);
    }

    [Theory]
    [MemberData(nameof(Sides))]
    public async Task SameNextName_ReusesNextId(bool client)
    {
        NetworkServiceRequest? seen = null;
        var conn = await Run(client, Nse3, Request(Id2, Path(1, 3)), r => seen = r.Clone());
        Assert.Equal(Path(2, 3), seen!.Connection.Path);
        Assert.Equal(Id3, seen.Connection.Id);
        Assert.Equal(Path(1, 3), conn.Path);
        Assert.Equal(Id2, conn.Id);
    }

    [Theory]
    [MemberData(nameof(Sides))]
    public async Task Close_UpdatesPathBeforeNext_AndLeavesCallerConnectionAlone(bool client)
    {
        var count = new CountElement();
        INetworkServiceElement chain = client
            ? new NetworkServiceClientChain(new UpdatePathClient(Nse3), count)
            : new NetworkServiceServerChain(new UpdatePathServer(Nse3), count);
        var conn = new Connection { Id = Id2, Path = Path(1, 3) };
        await chain.CloseAsync(conn, new NsmContext(), NetworkServiceHandler.Tail);
        Assert.Equal(Id3, Assert.Single(count.SeenCloses).Id);
        Assert.Equal(Id2, conn.Id);
    }

    [Fact]
    public async Task Chained_ServerAndClientOfOneHop_ShareTheSegment()
    {
        var chain = new NetworkServiceServerChain(
            new UpdatePathClient("nsc").AsServer(),
            new UpdatePathServer("nsmgr"),
            new UpdatePathClient("nsmgr").AsServer(),
            new UpdatePathServer("nse"));
        var conn = await chain.RequestAsync(Request("nsc-0", null), new NsmContext());
        Assert.Equal("nsc-0", conn.Id);
        Assert.Equal(0u, conn.Path.Index);
        Assert.Equal(["nsc", "nsmgr", "nse"], conn.Path.PathSegments.Select(s => s.Name));
    }

    private static async Task<Connection> Run(bool client, string name, NetworkServiceRequest request, Action<NetworkServiceRequest>? check = null)
    {
        var probe = LambdaElement.CheckRequest((r, _) => check?.Invoke(r));
        INetworkServiceElement chain = client
            ? new NetworkServiceClientChain(new UpdatePathClient(name), probe)
            : new NetworkServiceServerChain(new UpdatePathServer(name), probe);
        return await chain.RequestAsync(request, new NsmContext(), NetworkServiceHandler.Tail);
    }

    private static NetworkServiceRequest Request(string id, NsmPath? path) =>
        new() { Connection = new Connection { Id = id, Path = path } };

    private static NsmPath Path(uint index, int count)
    {
        var path = new NsmPath { Index = index };
        (string Name, string Id)[] all = [(Nse1, Id1), (Nse2, Id2), (Nse3, Id3)];
        foreach (var (name, id) in all.Take(count))
        {
            path.PathSegments.Add(new PathSegment { Name = name, Id = id });
        }

        return path;
    }
}
