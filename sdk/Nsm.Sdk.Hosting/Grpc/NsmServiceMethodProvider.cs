using System.Diagnostics.CodeAnalysis;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Nsm.Sdk.Hosting;

/// <summary>
/// Binds the methods of a generated gRPC service (through its static <c>BindService</c>) to one instance of
/// <typeparamref name="TService"/>, each with <see cref="RefusingMarshaller"/> for its requests.
/// </summary>
/// <typeparam name="TService">The service implementation (singleton dependencies only).</typeparam>
/// <param name="services">Gives or creates the instance.</param>
/// <param name="bind">The generated <c>BindService(ServiceBinderBase, TBase)</c>.</param>
internal sealed class NsmServiceMethodProvider<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TService>(IServiceProvider services, Action<ServiceBinderBase, TService> bind)
    : IServiceMethodProvider<NsmGrpcService<TService>>
    where TService : class
{
    /// <inheritdoc />
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<NsmGrpcService<TService>> context)
    {
        var logger = (services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger("Nsm.Grpc");
        // The registered instance when there is one (the health service, whose status the host sets), else a new one.
        bind(new Binder(context, logger), services.GetService<TService>() ?? ActivatorUtilities.CreateInstance<TService>(services));
    }

    private sealed class Binder(ServiceMethodProviderContext<NsmGrpcService<TService>> context, ILogger logger) : ServiceBinderBase
    {
        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler) =>
            context.AddUnaryMethod(RefusingMarshaller.Wrap(method, logger), [], (_, request, call) => handler!(request, call));

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler) =>
            context.AddServerStreamingMethod(RefusingMarshaller.Wrap(method, logger), [], (_, request, stream, call) => handler!(request, stream, call));

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler) =>
            context.AddClientStreamingMethod(RefusingMarshaller.Wrap(method, logger), [], (_, requests, call) => handler!(requests, call));

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler) =>
            context.AddDuplexStreamingMethod(RefusingMarshaller.Wrap(method, logger), [], (_, requests, responses, call) => handler!(requests, responses, call));
    }
}
