using Grpc.Core;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Common.Discover;
using Nsm.Sdk.Core;
using Nsm.Sdk.Tests.Common.Doubles;

namespace Nsm.Sdk.Tests.Common.Discover;

public class CandidateAttemptsTests
{
    private static readonly NsmContextKey<string> Marker = new("test.marker");

    [Fact]
    public async Task A_candidate_after_a_failed_one_starts_from_the_context_as_it_entered()
    {
        var seen = new List<(string Url, bool Marked)>();
        var rest = new LambdaElement((r, c, n) =>
        {
            seen.Add((c.ClientUrl!.ToString(), c.TryGet(Marker, out _)));
            c.Set(Marker, "left by this attempt");
            c.Logger = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
            if (seen.Count == 1)
            {
                throw new NsmStatusException(StatusCode.Unavailable, "dead candidate");
            }

            return n.RequestAsync(r, c);
        });
        var context = new NsmContext();

        var conn = await CandidateAttempts.TryInOrderAsync(
            ["unix:///dead.sock", "unix:///live.sock"],
            0,
            TestExtensions.Request(),
            context,
            new Rest(rest),
            static (url, _) => new Uri(url),
            "all candidates have failed");

        Assert.NotNull(conn);
        Assert.Equal([("unix:///dead.sock", false), ("unix:///live.sock", false)], seen);
        Assert.True(context.TryGet(Marker, out _), "what the accepted candidate stored stays for the elements before");
    }

    [Fact]
    public async Task Every_candidate_failing_names_each_failure()
    {
        var rest = new LambdaElement((_, c, _) =>
            throw new NsmStatusException(StatusCode.Unavailable, "refused " + c.ClientUrl));
        var ex = await Assert.ThrowsAsync<NsmStatusException>(() => CandidateAttempts.TryInOrderAsync(
            ["unix:///a.sock", "unix:///b.sock"],
            1,
            TestExtensions.Request(),
            new NsmContext(),
            new Rest(rest),
            static (url, _) => new Uri(url),
            "all candidates have failed").AsTask());
        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
        Assert.Contains("refused unix:///b.sock; refused unix:///a.sock", ex.Message, StringComparison.Ordinal);
    }

    private sealed class Rest(INetworkServiceServer element) : NetworkServiceHandler
    {
        public override ValueTask<Connection> RequestAsync(NetworkServiceRequest request, NsmContext context) =>
            element.RequestAsync(request, context, Tail);

        public override ValueTask CloseAsync(Connection connection, NsmContext context) => element.CloseAsync(connection, context, Tail);
    }
}
