using System.Diagnostics;
using Grpc.Core;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Registry;

/// <summary>
/// A span around each registry element, the registry's twin of the networkservice chain's element tracing. Runs only
/// when <see cref="NsmContext.TraceEnabled"/> is set.
/// </summary>
internal static class RegistryTrace
{
    public static async ValueTask<T> RegisterAsync<T, TQuery, TResponse>(
        IRegistryElement<T, TQuery, TResponse> element, T item, NsmContext context, RegistryHandler<T, TQuery, TResponse> next)
    {
        using var activity = Start(element, "Register");
        try
        {
            return await element.RegisterAsync(item, context, next).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            throw;
        }
    }

    public static async Task FindAsync<T, TQuery, TResponse>(
        IRegistryElement<T, TQuery, TResponse> element, TQuery query, IAsyncStreamWriter<TResponse> stream, NsmContext context, RegistryHandler<T, TQuery, TResponse> next)
    {
        using var activity = Start(element, "Find");
        try
        {
            await element.FindAsync(query, stream, context, next).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            throw;
        }
    }

    public static async ValueTask UnregisterAsync<T, TQuery, TResponse>(
        IRegistryElement<T, TQuery, TResponse> element, T item, NsmContext context, RegistryHandler<T, TQuery, TResponse> next)
    {
        using var activity = Start(element, "Unregister");
        try
        {
            await element.UnregisterAsync(item, context, next).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            throw;
        }
    }

    private static Activity? Start(object element, string operation) =>
        NsmDiagnostics.ActivitySource.StartActivity(element.GetType().Name + "/" + operation, ActivityKind.Internal);
}
