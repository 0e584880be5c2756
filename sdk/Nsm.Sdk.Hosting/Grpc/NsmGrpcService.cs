namespace Nsm.Sdk.Hosting;

/// <summary>
/// What ASP.NET Core gRPC maps for one of the NSM services: a marker whose methods <see cref="NsmServiceMethodProvider{TService}"/>
/// binds to one instance of <typeparamref name="TService"/> with <see cref="RefusingMarshaller"/> for the requests.
/// </summary>
/// <typeparam name="TService">The generated-base gRPC service (e.g. <c>NetworkServiceGrpcService</c>).</typeparam>
internal sealed class NsmGrpcService<TService>
    where TService : class;
