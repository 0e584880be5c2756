using Nsm.Api.Registry;
using Nsm.Sdk.Registry.Matching;
using static Nsm.Sdk.Tests.Registry.RegistryTestData;

namespace Nsm.Sdk.Tests.Registry;

public class EndpointCandidatesTests
{
    private const string Service = "svc";

    private static readonly NetworkServiceEndpoint Blue = Nse("nse-blue", Service, "color", "blue", "nodeName", "node-1");
    private static readonly NetworkServiceEndpoint Red = Nse("nse-red", Service, "color", "red", "nodeName", "node-2");
    private static readonly NetworkServiceEndpoint Bare = Nse("nse-bare", Service);
    private static readonly NetworkServiceEndpoint[] All = [Blue, Red, Bare];

    private static string[] Names(IEnumerable<NetworkServiceEndpoint> nses) => [.. nses.Select(n => n.Name)];

    [Fact]
    public void NoMatchesReturnsAllEndpoints()
    {
        Assert.Equal(Names(All), Names(EndpointCandidates.Match(Labels(), Ns(Service), All)));
    }

    [Fact]
    public void SourceAndDestinationSelectorsPickEndpoints()
    {
        var ns = Ns(Service,
            MatchOf(Labels("app", "a"), [Labels("color", "blue")]),
            MatchOf(Labels("app", "b"), [Labels("color", "red")]));
        Assert.Equal(["nse-blue"], Names(EndpointCandidates.Match(Labels("app", "a"), ns, All)));
        Assert.Equal(["nse-red"], Names(EndpointCandidates.Match(Labels("app", "b", "x", "y"), ns, All)));
    }

    [Fact]
    public void FirstApplicableMatchWinsEvenWhenEmpty()
    {
        var ns = Ns(Service,
            MatchOf(Labels("app", "a"), [Labels("color", "green")]),
            MatchOf(null, [Labels("color", "red")]));
        Assert.Empty(EndpointCandidates.Match(Labels("app", "a"), ns, All));
        var error = Assert.Throws<EndpointCandidatesNotFoundException>(() => EndpointCandidates.Select(Labels("app", "a"), ns, All));
        Assert.Equal("network service endpoint candidates not found", error.Message);
    }

    [Fact]
    public void FallthroughMovesToNextMatchOnlyWhenEmpty()
    {
        var ns = Ns(Service,
            MatchOf(Labels("app", "a"), [Labels("color", "green")], fallthrough: true),
            MatchOf(null, [Labels("color", "red")]));
        Assert.Equal(["nse-red"], Names(EndpointCandidates.Match(Labels("app", "a"), ns, All)));

        var nonEmpty = Ns(Service,
            MatchOf(Labels("app", "a"), [Labels("color", "blue")], fallthrough: true),
            MatchOf(null, [Labels("color", "red")]));
        Assert.Equal(["nse-blue"], Names(EndpointCandidates.Match(Labels("app", "a"), nonEmpty, All)));
    }

    [Fact]
    public void FallthroughOnLastMatchGivesNoCandidates()
    {
        var ns = Ns(Service, MatchOf(null, [Labels("color", "green")], fallthrough: true));
        Assert.Empty(EndpointCandidates.Match(Labels(), ns, All));
    }

    [Fact]
    public void NoApplicableMatchGivesNoCandidates()
    {
        var ns = Ns(Service, MatchOf(Labels("app", "a"), [Labels()]));
        Assert.Empty(EndpointCandidates.Match(Labels("app", "b"), ns, All));
        Assert.Throws<EndpointCandidatesNotFoundException>(() => EndpointCandidates.Select(Labels("app", "b"), ns, All));
    }

    [Fact]
    public void RoutesCollectInRouteOrderWithDuplicates()
    {
        var ns = Ns(Service, MatchOf(null, [Labels("color", "red"), Labels("nodeName", "node-1"), Labels()]));
        Assert.Equal(
            ["nse-red", "nse-blue", "nse-blue", "nse-red", "nse-bare"],
            Names(EndpointCandidates.Match(Labels(), ns, All)));
    }

    [Fact]
    public void MetadataWithoutRoutesReturnsAllEndpoints()
    {
        var ns = Ns(Service, MatchOf(Labels("app", "a"), metadata: Labels("p2p", "true")));
        Assert.Equal(Names(All), Names(EndpointCandidates.Match(Labels("app", "a"), ns, All)));

        var emptyMetadata = Ns(Service, MatchOf(Labels("app", "a"), metadata: Labels()));
        Assert.Equal(Names(All), Names(EndpointCandidates.Match(Labels("app", "a"), emptyMetadata, All)));
    }

    [Fact]
    public void NoRoutesAndNoMetadataGivesNoCandidates()
    {
        var ns = Ns(Service, MatchOf(Labels("app", "a")));
        Assert.Empty(EndpointCandidates.Match(Labels("app", "a"), ns, All));
    }

    [Fact]
    public void MetadataWithUnmatchedRoutesGivesNoCandidates()
    {
        var ns = Ns(Service, MatchOf(null, [Labels("color", "green")], metadata: Labels("p2p", "true")));
        Assert.Empty(EndpointCandidates.Match(Labels(), ns, All));
    }

    [Fact]
    public void DestinationTemplateRenderedFromRequestLabels()
    {
        var ns = Ns(Service, MatchOf(null, [Labels("nodeName", "{{.nodeName}}")]));
        Assert.Equal(["nse-red"], Names(EndpointCandidates.Match(Labels("nodeName", "node-2"), ns, All)));
        Assert.Empty(EndpointCandidates.Match(Labels(), ns, All)); // renders <no value>
    }

    [Fact]
    public void SourceTemplateRenderedFromRequestLabels()
    {
        var ns = Ns(Service, MatchOf(Labels("self", "{{.app}}"), [Labels("color", "blue")]));
        Assert.Equal(["nse-blue"], Names(EndpointCandidates.Match(Labels("app", "x", "self", "x"), ns, All)));
        Assert.Empty(EndpointCandidates.Match(Labels("app", "x", "self", "y"), ns, All));
    }

    [Fact]
    public void EndpointLabelsAreTakenFromTheServiceEntry()
    {
        var other = Nse("nse-other", "other-service", "color", "blue");
        other.NetworkServiceNames.Add(Service);
        var ns = Ns(Service, MatchOf(null, [Labels("color", "blue")]));
        Assert.Empty(EndpointCandidates.Match(Labels(), ns, [other]));
    }

    [Fact]
    public void EmptySelectorOfAbsentLabelEntryStillMatches()
    {
        var noLabels = new NetworkServiceEndpoint { Name = "plain" };
        var ns = Ns(Service, MatchOf(null, [Labels()]));
        Assert.Equal(["plain"], Names(EndpointCandidates.Match(Labels(), ns, [noLabels])));
    }

    [Fact]
    public void PassThroughSameSourceSelector()
    {
        // upstream Test_PassThroughSameSourceSelector: a chain of passthrough NSEs picked by the previous hop's labels
        var ns = Ns(Service,
            MatchOf(Labels("app", "passthrough-1"), [Labels("app", "passthrough-2")]),
            MatchOf(Labels("app", "passthrough-2"), [Labels("app", "nse")]),
            MatchOf(null, [Labels("app", "passthrough-1")]));
        NetworkServiceEndpoint[] nses =
        [
            Nse("p1", Service, "app", "passthrough-1"),
            Nse("p2", Service, "app", "passthrough-2"),
            Nse("final", Service, "app", "nse"),
        ];
        Assert.Equal(["p1"], Names(EndpointCandidates.Match(Labels("podName", "nsc"), ns, nses)));
        Assert.Equal(["p2"], Names(EndpointCandidates.Match(Labels("app", "passthrough-1"), ns, nses)));
        Assert.Equal(["final"], Names(EndpointCandidates.Match(Labels("app", "passthrough-2"), ns, nses)));
    }
}
