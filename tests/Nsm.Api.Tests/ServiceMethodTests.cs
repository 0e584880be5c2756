using Grpc.Core;
using Google.Protobuf.Reflection;
using Ns = Nsm.Api.NetworkService;
using Reg = Nsm.Api.Registry;

namespace Nsm.Api.Tests;

public class ServiceMethodTests
{
    /// <summary>Captures the generated <see cref="Method{TRequest, TResponse}"/> descriptors passed to BindService.</summary>
    private sealed class CapturingBinder : ServiceBinderBase
    {
        public Dictionary<string, (MethodType Type, string Request, string Response)> Methods { get; } = [];

        private void Add<TRequest, TResponse>(Method<TRequest, TResponse> method)
            where TRequest : class
            where TResponse : class =>
            Methods.Add(method.FullName, (method.Type, typeof(TRequest).FullName!, typeof(TResponse).FullName!));

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler) => Add(method);

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler) => Add(method);

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler) => Add(method);

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler) => Add(method);
    }

    private sealed class NsImpl : Ns.NetworkService.NetworkServiceBase;

    private sealed class MonitorImpl : Ns.MonitorConnection.MonitorConnectionBase;

    private sealed class NseRegistryImpl : Reg.NetworkServiceEndpointRegistry.NetworkServiceEndpointRegistryBase;

    private sealed class NsRegistryImpl : Reg.NetworkServiceRegistry.NetworkServiceRegistryBase;

    private sealed class IpamImpl : Nsm.Api.Ipam.IPAM.IPAMBase;

    private static Dictionary<string, (MethodType Type, string Request, string Response)> AllMethods()
    {
        var binder = new CapturingBinder();
        Ns.NetworkService.BindService(binder, new NsImpl());
        Ns.MonitorConnection.BindService(binder, new MonitorImpl());
        Reg.NetworkServiceEndpointRegistry.BindService(binder, new NseRegistryImpl());
        Reg.NetworkServiceRegistry.BindService(binder, new NsRegistryImpl());
        Nsm.Api.Ipam.IPAM.BindService(binder, new IpamImpl());
        return binder.Methods;
    }

    public static TheoryData<string, MethodType, string, string> ExpectedMethods => new()
    {
        { "/networkservice.NetworkService/Request", MethodType.Unary, "networkservice.NetworkServiceRequest", "connection.Connection" },
        { "/networkservice.NetworkService/Close", MethodType.Unary, "connection.Connection", "google.protobuf.Empty" },
        { "/connection.MonitorConnection/MonitorConnections", MethodType.ServerStreaming, "connection.MonitorScopeSelector", "connection.ConnectionEvent" },
        { "/registry.NetworkServiceEndpointRegistry/Register", MethodType.Unary, "registry.NetworkServiceEndpoint", "registry.NetworkServiceEndpoint" },
        { "/registry.NetworkServiceEndpointRegistry/Find", MethodType.ServerStreaming, "registry.NetworkServiceEndpointQuery", "registry.NetworkServiceEndpointResponse" },
        { "/registry.NetworkServiceEndpointRegistry/Unregister", MethodType.Unary, "registry.NetworkServiceEndpoint", "google.protobuf.Empty" },
        { "/registry.NetworkServiceRegistry/Register", MethodType.Unary, "registry.NetworkService", "registry.NetworkService" },
        { "/registry.NetworkServiceRegistry/Find", MethodType.ServerStreaming, "registry.NetworkServiceQuery", "registry.NetworkServiceResponse" },
        { "/registry.NetworkServiceRegistry/Unregister", MethodType.Unary, "registry.NetworkService", "google.protobuf.Empty" },
        { "/ipam.IPAM/ManagePrefixes", MethodType.DuplexStreaming, "ipam.PrefixRequest", "ipam.PrefixResponse" },
    };

    [Theory]
    [MemberData(nameof(ExpectedMethods))]
    public void Generated_method_has_path_and_kind(string fullName, MethodType kind, string request, string response)
    {
        var methods = AllMethods();
        Assert.True(methods.TryGetValue(fullName, out var m), $"missing {fullName}");
        Assert.Equal(kind, m.Type);

        var descriptor = FindDescriptor(fullName);
        Assert.Equal(request, descriptor.InputType.FullName);
        Assert.Equal(response, descriptor.OutputType.FullName);
        Assert.Equal(kind is MethodType.ClientStreaming or MethodType.DuplexStreaming, descriptor.IsClientStreaming);
        Assert.Equal(kind is MethodType.ServerStreaming or MethodType.DuplexStreaming, descriptor.IsServerStreaming);
    }

    [Fact]
    public void No_unexpected_methods()
    {
        var expected = ExpectedMethods.Select(row => (string)row[0]).Order(StringComparer.Ordinal);
        Assert.Equal(expected, AllMethods().Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Registry_method_order_is_register_find_unregister()
    {
        Assert.Equal(["Register", "Find", "Unregister"], Reg.NetworkServiceEndpointRegistry.Descriptor.Methods.Select(m => m.Name));
        Assert.Equal(["Register", "Find", "Unregister"], Reg.NetworkServiceRegistry.Descriptor.Methods.Select(m => m.Name));
    }

    [Fact]
    public void Proto_packages_are_wire_names()
    {
        Assert.Equal("connectioncontext", Ns.ConnectionContext.Descriptor.File.Package);
        Assert.Equal("connection", Ns.Connection.Descriptor.File.Package);
        Assert.Equal("networkservice", Ns.NetworkServiceRequest.Descriptor.File.Package);
        Assert.Equal("registry", Reg.NetworkServiceEndpoint.Descriptor.File.Package);
        Assert.Equal("ipam", Nsm.Api.Ipam.PrefixRequest.Descriptor.File.Package);
        Assert.Equal("connectioncontext.IPContext", Ns.IPContext.Descriptor.FullName);
        Assert.Equal("connectioncontext.IpFamily.Family", Ns.IpFamily.Descriptor.EnumTypes[0].FullName);
    }

    private static MethodDescriptor FindDescriptor(string fullName)
    {
        ServiceDescriptor[] services =
        [
            Ns.NetworkService.Descriptor,
            Ns.MonitorConnection.Descriptor,
            Reg.NetworkServiceEndpointRegistry.Descriptor,
            Reg.NetworkServiceRegistry.Descriptor,
            Nsm.Api.Ipam.IPAM.Descriptor,
        ];

        return services
            .SelectMany(s => s.Methods)
            .Single(m => $"/{m.Service.FullName}/{m.Name}" == fullName);
    }
}
