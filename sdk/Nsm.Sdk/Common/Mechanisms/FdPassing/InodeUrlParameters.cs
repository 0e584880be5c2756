using Google.Protobuf.Collections;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Api.Mechanisms;

namespace Nsm.Sdk.Common.Mechanisms.FdPassing;

/// <summary>The <c>inodeURL</c> parameters of a request or connection (every preference and the selected mechanism), as upstream's sendfd/recvfd walk them.</summary>
internal static class InodeUrlParameters
{
    public static IEnumerable<MapField<string, string>> Of(NetworkServiceRequest request)
    {
        foreach (var preference in request.MechanismPreferences)
        {
            if (preference.Parameters.ContainsKey(CommonParameters.InodeUrl))
            {
                yield return preference.Parameters;
            }
        }

        foreach (var parameters in Of(request.Connection))
        {
            yield return parameters;
        }
    }

    public static IEnumerable<MapField<string, string>> Of(Connection? connection)
    {
        if (connection?.Mechanism is { } mechanism && mechanism.Parameters.ContainsKey(CommonParameters.InodeUrl))
        {
            yield return mechanism.Parameters;
        }
    }

    /// <summary>The path of a <c>file://</c> URL, or <see langword="null"/>.</summary>
    public static string? FilePath(string url) =>
        url.StartsWith("file://", StringComparison.Ordinal) && Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.AbsolutePath.Length > 1
            ? Uri.UnescapeDataString(uri.AbsolutePath)
            : null;
}
