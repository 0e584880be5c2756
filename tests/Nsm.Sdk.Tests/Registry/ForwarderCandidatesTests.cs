using Nsm.Api.Registry;
using Nsm.Sdk.Registry.Matching;
using static Nsm.Sdk.Tests.Registry.RegistryTestData;

namespace Nsm.Sdk.Tests.Registry;

public class ForwarderCandidatesTests
{
    private static readonly NetworkServiceEndpoint P2p = Nse("fwd-p2p", "forwarder", "p2p", "true", "nodeName", "node-1");
    private static readonly NetworkServiceEndpoint Vl3 = Nse("fwd-vl3", "forwarder", "vl3", "true");
    private static readonly NetworkServiceEndpoint Unlabelled = new() { Name = "fwd-none", NetworkServiceNames = { "forwarder" } };
    private static readonly NetworkServiceEndpoint[] All = [P2p, Vl3, Unlabelled];

    private static string[] Names(IEnumerable<NetworkServiceEndpoint> nses) => [.. nses.Select(n => n.Name)];

    [Fact]
    public void NoMatchesAcceptsEveryForwarder()
    {
        Assert.Equal(Names(All), Names(ForwarderCandidates.Match(Labels(), Ns("svc"), All)));
    }

    [Fact]
    public void DefaultLabelsAreP2p()
    {
        var ns = Ns("svc", MatchOf(null, [Labels()]));
        Assert.Equal(["fwd-p2p"], Names(ForwarderCandidates.Match(Labels(), ns, All)));
        Assert.Equal(Labels("p2p", "true"), ForwarderCandidates.SelectionLabels(Labels(), ns));
    }

    [Fact]
    public void MetadataLabelsOfFirstApplicableMatch()
    {
        var ns = Ns("svc",
            MatchOf(Labels("app", "x"), metadata: Labels("p2p", "true")),
            MatchOf(null, metadata: Labels("vl3", "true")));
        Assert.Equal(["fwd-vl3"], Names(ForwarderCandidates.Match(Labels(), ns, All)));
        Assert.Equal(["fwd-p2p"], Names(ForwarderCandidates.Match(Labels("app", "x"), ns, All)));
        Assert.Equal(Labels("vl3", "true"), ForwarderCandidates.SelectionLabels(Labels(), ns));
    }

    [Fact]
    public void FallthroughTriesNextMatch()
    {
        var ns = Ns("svc",
            MatchOf(null, metadata: Labels("gpu", "true"), fallthrough: true),
            MatchOf(null, metadata: Labels("vl3", "true")));
        Assert.Equal(["fwd-vl3"], Names(ForwarderCandidates.Match(Labels(), ns, All)));

        var stop = Ns("svc",
            MatchOf(null, metadata: Labels("gpu", "true")),
            MatchOf(null, metadata: Labels("vl3", "true")));
        Assert.Empty(ForwarderCandidates.Match(Labels(), stop, All));
    }

    [Fact]
    public void NoApplicableMatchGivesNone()
    {
        var ns = Ns("svc", MatchOf(Labels("app", "x")));
        Assert.Empty(ForwarderCandidates.Match(Labels(), ns, All));
        Assert.Null(ForwarderCandidates.SelectionLabels(Labels(), ns));
    }

    [Fact]
    public void MetadataValuesAreTemplates()
    {
        var ns = Ns("svc", MatchOf(null, metadata: Labels("nodeName", "{{.nodeName}}")));
        Assert.Equal(["fwd-p2p"], Names(ForwarderCandidates.Match(Labels("nodeName", "node-1"), ns, All)));
        Assert.Empty(ForwarderCandidates.Match(Labels("nodeName", "node-2"), ns, All));
    }
}
