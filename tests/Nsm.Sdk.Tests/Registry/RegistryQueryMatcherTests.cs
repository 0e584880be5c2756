using Google.Protobuf.WellKnownTypes;
using Nsm.Api.Registry;
using Nsm.Sdk.Registry.Matching;
using static Nsm.Sdk.Tests.Registry.RegistryTestData;

namespace Nsm.Sdk.Tests.Registry;

public class RegistryQueryMatcherTests
{
    private static NetworkServiceEndpoint ReferenceNse()
    {
        var nse = new NetworkServiceEndpoint
        {
            Name = "nse-1-substring-match",
            Url = "tcp://1.1.1.1",
            ExpirationTime = new Timestamp { Seconds = 600 },
        };
        nse.NetworkServiceNames.Add(["nse-service-1", "nse-service-2"]);
        nse.NetworkServiceLabels["Service1"] = LabelSet("foo", "bar");
        nse.NetworkServiceLabels["Service2"] = LabelSet("foo2", "bar2");
        return nse;
    }

    private static NetworkServiceLabels LabelSet(params string[] pairs)
    {
        var set = new NetworkServiceLabels();
        set.Labels.Add(Labels(pairs));
        return set;
    }

    public static TheoryData<string, NetworkServiceEndpoint, bool> NseCases() => new()
    {
        { "empty", new NetworkServiceEndpoint(), true },
        { "identical", ReferenceNse(), true },
        { "exact name", new NetworkServiceEndpoint { Name = "nse-1-substring-match" }, true },
        { "name substring is not a match", new NetworkServiceEndpoint { Name = "nse-1" }, false },
        { "other name", new NetworkServiceEndpoint { Name = "nse-2" }, false },
        { "same labels", WithLabels(("Service1", LabelSet("foo", "bar")), ("Service2", LabelSet("foo2", "bar2"))), true },
        { "unknown service labels", WithLabels(("Service3", LabelSet("foo", "bar"))), false },
        { "expiration 600s", new NetworkServiceEndpoint { ExpirationTime = new Timestamp { Seconds = 600 } }, true },
        { "expiration nanos ignored", new NetworkServiceEndpoint { ExpirationTime = new Timestamp { Seconds = 600, Nanos = 100000 } }, true },
        { "expiration 601s", new NetworkServiceEndpoint { ExpirationTime = new Timestamp { Seconds = 601 } }, false },
        { "names subset", WithNames("nse-service-2"), true },
        { "names all", WithNames("nse-service-2", "nse-service-1"), true },
        { "unknown name", WithNames("nse-service-3"), false },
        { "one known one unknown name", WithNames("nse-service-1", "nse-service-3"), false },
        { "url substring", new NetworkServiceEndpoint { Url = "://1" }, true },
        { "url mismatch", new NetworkServiceEndpoint { Url = "udp://" }, false },
    };

    [Theory]
    [MemberData(nameof(NseCases))]
    public void MatchesEndpointQueries(string description, NetworkServiceEndpoint query, bool expected)
    {
        Assert.True(expected == RegistryQueryMatcher.Matches(query, ReferenceNse()), description);
    }

    [Fact]
    public void NullQueryMatchesEverything()
    {
        Assert.True(RegistryQueryMatcher.Matches((NetworkServiceEndpoint?)null, ReferenceNse()));
        Assert.True(RegistryQueryMatcher.Matches((NetworkService?)null, new NetworkService()));
    }

    [Fact]
    public void ExpirationQueryAgainstRecordWithoutExpirationDoesNotMatch()
    {
        var record = ReferenceNse();
        record.ExpirationTime = null;
        Assert.False(RegistryQueryMatcher.Matches(new NetworkServiceEndpoint { ExpirationTime = new Timestamp { Seconds = 600 } }, record));
    }

    public static TheoryData<string, NetworkServiceEndpoint, bool> LabelCases() => new()
    {
        { "no labels", new NetworkServiceEndpoint(), true },
        { "service only", WithLabels(("Service1", new NetworkServiceLabels())), true },
        { "all of Service1", WithLabels(("Service1", LabelSet("foo", "bar", "foo2", "bar2", "foo3", "bar3"))), true },
        { "one of Service1", WithLabels(("Service1", LabelSet("foo2", "bar2"))), true },
        { "unknown key", WithLabels(("Service1", LabelSet("nope", "bar"))), false },
        { "wrong value", WithLabels(("Service1", LabelSet("foo", "baz"))), false },
        { "known plus unknown service", WithLabels(("Service2", LabelSet("foo4", "bar4")), ("Service3", new NetworkServiceLabels())), false },
    };

    [Theory]
    [MemberData(nameof(LabelCases))]
    public void MatchesLabelContainment(string description, NetworkServiceEndpoint query, bool expected)
    {
        var record = WithLabels(
            ("Service1", LabelSet("foo", "bar", "foo2", "bar2", "foo3", "bar3")),
            ("Service2", LabelSet("foo4", "bar4")));
        Assert.True(expected == RegistryQueryMatcher.Matches(query, record), description);
    }

    private static NetworkService ReferenceNs() =>
        Ns("ns-1", MatchOf(Labels("app", "a"), [Labels("app", "b")]), MatchOf(fallthrough: true));

    public static TheoryData<string, NetworkService, bool> NsCases() => new()
    {
        { "empty", new NetworkService(), true },
        { "same", ReferenceNs(), true },
        { "same name", new NetworkService { Name = "ns-1" }, true },
        { "name prefix", new NetworkService { Name = "ns" }, false },
        { "other name", new NetworkService { Name = "ns-2" }, false },
        { "same payload", new NetworkService { Payload = "IP" }, true },
        { "other payload", new NetworkService { Payload = "ETHERNET" }, false },
        { "same matches", WithMatches(MatchOf(Labels("app", "a"), [Labels("app", "b")]), MatchOf(fallthrough: true)), true },
        { "reordered matches", WithMatches(MatchOf(fallthrough: true), MatchOf(Labels("app", "a"), [Labels("app", "b")])), false },
        { "different matches", WithMatches(MatchOf(Labels("app", "x"))), false },
        { "prefix of matches", WithMatches(MatchOf(Labels("app", "a"), [Labels("app", "b")])), false },
    };

    [Theory]
    [MemberData(nameof(NsCases))]
    public void MatchesServiceQueries(string description, NetworkService query, bool expected)
    {
        Assert.True(expected == RegistryQueryMatcher.Matches(query, ReferenceNs()), description);
    }

    private static NetworkService WithMatches(params Match[] matches)
    {
        var ns = new NetworkService();
        ns.Matches.Add(matches);
        return ns;
    }

    private static NetworkServiceEndpoint WithNames(params string[] names)
    {
        var nse = new NetworkServiceEndpoint();
        nse.NetworkServiceNames.Add(names);
        return nse;
    }

    private static NetworkServiceEndpoint WithLabels(params (string Service, NetworkServiceLabels Labels)[] sets)
    {
        var nse = new NetworkServiceEndpoint();
        foreach (var (service, labels) in sets)
        {
            nse.NetworkServiceLabels[service] = labels;
        }

        return nse;
    }
}
