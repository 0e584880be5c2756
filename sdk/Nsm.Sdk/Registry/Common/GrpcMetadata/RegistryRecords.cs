using Google.Protobuf.Collections;
using Nsm.Api.Registry;

namespace Nsm.Sdk.Registry.Common.GrpcMetadata;

/// <summary>Reads the fields NetworkService and NetworkServiceEndpoint share (name, path_ids).</summary>
internal static class RegistryRecords
{
    public static string Name<T>(T item) => item switch
    {
        NetworkServiceEndpoint nse => nse.Name,
        NetworkService ns => ns.Name,
        _ => string.Empty,
    };

    public static RepeatedField<string>? PathIds<T>(T item) => item switch
    {
        NetworkServiceEndpoint nse => nse.PathIds,
        NetworkService ns => ns.PathIds,
        _ => null,
    };
}
