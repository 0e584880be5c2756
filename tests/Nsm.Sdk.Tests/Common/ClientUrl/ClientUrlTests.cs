using Nsm.Api.NetworkService;
using Nsm.Sdk.Common.ClientUrl;
using Nsm.Sdk.Core;
using Nsm.Sdk.Tests.Common.Doubles;

namespace Nsm.Sdk.Tests.Common.ClientUrl;

public class ClientUrlTests
{
    private static readonly Uri Url = new("tcp://127.0.0.1:5001");

    [Fact]
    public async Task Server_SetsUrlForRequestAndClose()
    {
        var seen = new List<Uri?>();
        var chain = new NetworkServiceServerChain(
            new ClientUrlServer(Url),
            new LambdaElement((r, c, n) => { seen.Add(c.ClientUrl); return n.RequestAsync(r, c); }, (conn, c, n) => { seen.Add(c.ClientUrl); return n.CloseAsync(conn, c); }));
        await chain.RequestAsync(TestExtensions.Request(), new NsmContext());
        await chain.CloseAsync(new Connection { Id = "id" }, new NsmContext());
        Assert.Equal([Url, Url], seen);
    }

    [Fact]
    public async Task Client_SetsUrl_OrLeavesAnEarlierOne()
    {
        Uri? seen = null;
        var probe = LambdaElement.CheckRequest((_, c) => seen = c.ClientUrl);
        await new NetworkServiceClientChain(new ClientUrlClient(Url), probe).RequestAsync(TestExtensions.Request(), new NsmContext());
        Assert.Equal(Url, seen);

        var earlier = new Uri("unix:///tmp/x.sock");
        await new NetworkServiceClientChain(new ClientUrlClient(null), probe).RequestAsync(TestExtensions.Request(), new NsmContext { ClientUrl = earlier });
        Assert.Equal(earlier, seen);
    }

    [Fact]
    public void Server_RequiresUrl() => Assert.Throws<ArgumentNullException>(() => new ClientUrlServer(null!));
}
