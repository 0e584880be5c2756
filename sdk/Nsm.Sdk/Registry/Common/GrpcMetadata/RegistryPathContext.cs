using Grpc.Core;
using Nsm.Sdk.Api;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Registry.Common.GrpcMetadata;

/// <summary>
/// The registry path of the current Register or Unregister, shared by grpcmetadata, updatepath and authorize
/// through the call context (upstream <c>grpcmetadata.PathFromContext</c>).
/// </summary>
public static class RegistryPathContext
{
    /// <summary>The context key of the call's <see cref="RegistryPath"/>.</summary>
    public static readonly NsmContextKey<RegistryPath> PathKey = new("registry.path");

    /// <summary>Gets the call's path, storing a fresh empty one when there is none.</summary>
    /// <param name="context">The call context.</param>
    /// <returns>The path; elements change it in place.</returns>
    public static RegistryPath GetOrCreateRegistryPath(this NsmContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.TryGet(PathKey, out var path))
        {
            path = new RegistryPath();
            context.Set(PathKey, path);
        }

        return path;
    }

    /// <summary>Gets the last value of <paramref name="key"/> (the server uses the last one when several are sent).</summary>
    /// <param name="headers">The headers, or <see langword="null"/>.</param>
    /// <param name="key">The lower-case key.</param>
    /// <returns>The value, or <see langword="null"/>.</returns>
    public static string? LastValue(Metadata? headers, string key)
    {
        string? value = null;
        foreach (var entry in headers ?? [])
        {
            if (!entry.IsBinary && string.Equals(entry.Key, key, StringComparison.Ordinal))
            {
                value = entry.Value;
            }
        }

        return value;
    }

    /// <summary>Client half: replaces every <c>path</c> entry of the next call's headers with <paramref name="path"/>.</summary>
    /// <param name="context">The call context.</param>
    /// <param name="path">The path to send.</param>
    public static void SetOutgoingPathHeader(this NsmContext context, RegistryPath path) =>
        ReplacePath(context.GetOrAddOutgoingHeaders(), path);

    /// <summary>Server half: replaces every <c>path</c> entry of the response headers with <paramref name="path"/>.</summary>
    /// <param name="context">The call context.</param>
    /// <param name="path">The path to send back.</param>
    public static void SetResponsePathHeader(this NsmContext context, RegistryPath path)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.TryGet(GrpcCallContextKeys.ResponseHeaders, out var headers))
        {
            headers = [];
            context.Set(GrpcCallContextKeys.ResponseHeaders, headers);
        }

        ReplacePath(headers, path);
    }

    private static void ReplacePath(Grpc.Core.Metadata headers, RegistryPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        for (var i = headers.Count - 1; i >= 0; i--)
        {
            if (headers[i].Key == RegistryPath.MetadataKey)
            {
                headers.RemoveAt(i);
            }
        }

        headers.Add(RegistryPath.MetadataKey, path.ToJson());
    }
}
