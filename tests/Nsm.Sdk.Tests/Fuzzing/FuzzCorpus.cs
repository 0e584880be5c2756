using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Health.V1;
using Nsm.Api.NetworkService;
using Nsm.Api.Registry;
using Nsm.Sdk.Api;
using Nsm.Sdk.Api.Mechanisms;
using Nsm.Sdk.Core;
using RegistryService = Nsm.Api.Registry.NetworkService;

namespace Nsm.Sdk.Tests.Fuzzing;

/// <summary>The seed corpus (valid messages as the SDK's clients and the scenario tests send them) and the methods a host serves.</summary>
/// <param name="Service">The network service the domain serves.</param>
/// <param name="Live">Connections a real client got (refresh and Close seeds with real paths and tokens).</param>
internal sealed record FuzzCorpus(string Service, IReadOnlyList<Connection> Live)
{
    /// <summary>Every method of every service <paramref name="chains"/> serves and gRPC health's, with its seeds.</summary>
    public IReadOnlyList<FuzzMethod> MethodsOf(NsmServerChains chains)
    {
        var methods = new List<FuzzMethod>();
        if (chains.NetworkService is not null)
        {
            methods.Add(new("networkservice.NetworkService", "Request", MethodType.Unary, NetworkServiceRequest.Parser, Requests(), "Close"));
            methods.Add(new("networkservice.NetworkService", "Close", MethodType.Unary, Connection.Parser, [.. Requests().Select(r => r.Connection)]));
        }

        if (chains.MonitorConnection is not null)
        {
            methods.Add(new("connection.MonitorConnection", "MonitorConnections", MethodType.ServerStreaming, MonitorScopeSelector.Parser,
            [
                new MonitorScopeSelector(),
                new MonitorScopeSelector { NetworkServices = { Service }, PathSegments = { new PathSegment { Name = "nsc", Id = Guid.NewGuid().ToString() } } },
                .. Live.Select(c => new MonitorScopeSelector { PathSegments = { c.Path.PathSegments } }),
            ]));
        }

        if (chains.ServiceRegistry is not null)
        {
            IMessage[] services =
            [
                new RegistryService { Name = "fuzz-ns", Payload = "ETHERNET" },
                new RegistryService
                {
                    Name = "fuzz-ns-2",
                    Payload = "IP",
                    Matches = { new Match { SourceSelector = { ["app"] = "a" }, Routes = { new Destination { DestinationSelector = { ["step"] = "1" }, Weight = 3 } }, Metadata = new Nsm.Api.Registry.Metadata { Labels = { ["k"] = "v" } } } },
                },
            ];
            methods.Add(new("registry.NetworkServiceRegistry", "Register", MethodType.Unary, RegistryService.Parser, services, "Unregister"));
            methods.Add(new("registry.NetworkServiceRegistry", "Find", MethodType.ServerStreaming, NetworkServiceQuery.Parser,
            [
                new NetworkServiceQuery { NetworkService = new RegistryService { Name = Service } },
                new NetworkServiceQuery { NetworkService = new RegistryService(), Watch = true },
            ]));
            methods.Add(new("registry.NetworkServiceRegistry", "Unregister", MethodType.Unary, RegistryService.Parser, services));
        }

        if (chains.EndpointRegistry is not null)
        {
            IMessage[] endpoints = [Endpoint("fuzz-nse"), Endpoint("fuzz-nse-2@remote")];
            methods.Add(new("registry.NetworkServiceEndpointRegistry", "Register", MethodType.Unary, NetworkServiceEndpoint.Parser, endpoints, "Unregister"));
            methods.Add(new("registry.NetworkServiceEndpointRegistry", "Find", MethodType.ServerStreaming, NetworkServiceEndpointQuery.Parser,
            [
                new NetworkServiceEndpointQuery { NetworkServiceEndpoint = new NetworkServiceEndpoint { NetworkServiceNames = { Service } } },
                new NetworkServiceEndpointQuery { NetworkServiceEndpoint = new NetworkServiceEndpoint { Name = "fuzz-nse" }, Watch = true },
            ]));
            methods.Add(new("registry.NetworkServiceEndpointRegistry", "Unregister", MethodType.Unary, NetworkServiceEndpoint.Parser, endpoints));
        }

        // Every host serves gRPC health.
        methods.Add(new("grpc.health.v1.Health", "Check", MethodType.Unary, HealthCheckRequest.Parser, [new HealthCheckRequest(), new HealthCheckRequest { Service = "networkservice.NetworkService" }]));
        methods.Add(new("grpc.health.v1.Health", "Watch", MethodType.ServerStreaming, HealthCheckRequest.Parser, [new HealthCheckRequest(), new HealthCheckRequest { Service = "registry.NetworkServiceRegistry" }]));
        return methods;
    }

    /// <summary>The Request seeds: the default request, a request with every context filled in, and refreshes of live connections.</summary>
    public IReadOnlyList<NetworkServiceRequest> Requests() =>
    [
        SandboxClient.DefaultRequest(Service, "fuzz-default"),
        new NetworkServiceRequest
        {
            Connection = new Connection
            {
                Id = "fuzz-full",
                NetworkService = Service,
                Labels = { ["app"] = "fuzz", ["podName"] = "nsc-0" },
                Payload = "ETHERNET",
                Context = new ConnectionContext
                {
                    IpContext = new IPContext
                    {
                        SrcIpAddrs = { "10.0.0.2/32" },
                        DstIpAddrs = { "10.0.0.1/32" },
                        ExcludedPrefixes = { "10.96.0.0/12" },
                        SrcRoutes = { new Route { Prefix = "10.0.0.1/32", NextHop = "10.0.0.1" } },
                        ExtraPrefixRequest = { new ExtraPrefixRequest { AddrFamily = new IpFamily(), PrefixLen = 24, RequiredNumber = 1, RequestedNumber = 2 } },
                        Policies = { new PolicyRoute { From = "10.0.0.0/24", Proto = "6", DstPort = "80", Routes = { new Route { Prefix = "0.0.0.0/0" } } } },
                    },
                    DnsContext = new DNSContext { Configs = { new DNSConfig { DnsServerIps = { "10.0.0.53" }, SearchDomains = { "svc.local" } } } },
                    EthernetContext = new EthernetContext { SrcMac = "02:00:00:00:00:01", VlanTag = 100 },
                    ExtraContext = { ["k"] = "v" },
                    MTU = 1400,
                },
                Path = new Nsm.Api.NetworkService.Path { Index = 0, PathSegments = { new PathSegment { Name = "nsc", Id = "fuzz-full", Expires = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddMinutes(10)) } } },
            },
            MechanismPreferences =
            {
                new Mechanism { Cls = Cls.Local, Type = KernelMechanism.MechanismType, Parameters = { ["name"] = "nsm-1", ["inodeURL"] = "inode://4/4026531992" } },
                new Mechanism { Cls = Cls.Remote, Type = "VXLAN", Parameters = { ["src_ip"] = "10.1.0.1", ["vni"] = "42" } },
            },
        },
        .. Live.Select(SandboxClient.Refresh),
    ];

    private NetworkServiceEndpoint Endpoint(string name)
    {
        var nse = EndpointRecord.Create(name, "unix:///tmp/nsm-fuzz-nowhere.sock", [Service], new Dictionary<string, string> { ["app"] = "fuzz" });
        nse.ExpirationTime = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddMinutes(1));
        return nse;
    }
}
