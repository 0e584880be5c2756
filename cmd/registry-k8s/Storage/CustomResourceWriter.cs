using System.Net;
using System.Text.Json.Nodes;
using Grpc.Core;
using Nsm.Cmd.RegistryK8s.Kubernetes;

namespace Nsm.Cmd.RegistryK8s.Storage;

/// <summary>
/// Writes a record's object as upstream's registry-k8s does, so that several replicas can share one namespace: create;
/// when the name exists (409 AlreadyExists: the same record registered again, through this replica or another, or a
/// different one with the same name) get it and replace its spec with this one, last writer wins, as the memory
/// registry does; a replace that loses a race (409 Conflict: another replica wrote in between) gets and tries again.
/// </summary>
internal static class CustomResourceWriter
{
    /// <summary>How many get-and-replace rounds a write tries before it gives up.</summary>
    public const int MaxAttempts = 5;

    /// <summary>Creates or replaces the object.</summary>
    /// <param name="api">The API of its type.</param>
    /// <param name="obj">The object (name set or generateName).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The stored object.</returns>
    public static async Task<CustomResource> CreateOrReplaceAsync(CustomResourceClient api, JsonObject obj, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(obj);
        try
        {
            return await api.CreateAsync(obj, cancellationToken).ConfigureAwait(false);
        }
        catch (KubernetesApiException ex) when (ex.IsAlreadyExists)
        {
            // taken: replace below
        }

        var name = obj["metadata"]!["name"]!.GetValue<string>();
        for (var attempt = 1; ; attempt++)
        {
            var current = await api.GetAsync(name, cancellationToken).ConfigureAwait(false);
            try
            {
                if (current is null)
                {
                    // deleted in between (e.g. expired by another replica): create again
                    return await api.CreateAsync(obj.DeepClone().AsObject(), cancellationToken).ConfigureAwait(false);
                }

                var replacement = current.Object.DeepClone().AsObject();
                replacement["spec"] = obj["spec"]!.DeepClone();
                return await api.ReplaceAsync(name, replacement, cancellationToken).ConfigureAwait(false);
            }
            catch (KubernetesApiException ex) when ((ex.IsConflict || ex.IsAlreadyExists) && attempt < MaxAttempts)
            {
                // another replica wrote in between: read again
            }
        }
    }

    /// <summary>Maps a failed API call to the gRPC status the registry's caller gets.</summary>
    /// <param name="exception">The failure.</param>
    /// <param name="what">What was being done (<c>register networkserviceendpoints/nse-1</c>).</param>
    /// <returns>The gRPC exception.</returns>
    public static RpcException ToRpc(Exception exception, string what)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var code = exception switch
        {
            KubernetesApiException { StatusCode: HttpStatusCode.UnprocessableEntity or HttpStatusCode.BadRequest } => StatusCode.InvalidArgument,
            KubernetesApiException { StatusCode: HttpStatusCode.Unauthorized } => StatusCode.Unauthenticated,
            KubernetesApiException { StatusCode: HttpStatusCode.Forbidden } => StatusCode.PermissionDenied,
            KubernetesApiException { StatusCode: HttpStatusCode.Conflict } => StatusCode.Aborted,
            KubernetesApiException { StatusCode: HttpStatusCode.NotFound } => StatusCode.FailedPrecondition,
            _ => StatusCode.Unavailable,
        };
        return new RpcException(new Status(code, $"{what}: the Kubernetes API answered: {exception.Message}", exception));
    }
}
