using Google.Protobuf.WellKnownTypes;
using Nsm.Api.NetworkService;
using Nsm.Api.Registry;

namespace Nsm.Sdk.Hosting;

/// <summary>
/// Finds a <c>google.protobuf.Timestamp</c> out of its valid range (years 1–9999, nanos 0–999,999,999) in an NSM
/// request (path segments' <c>expires</c>, an NSE's <c>expiration_time</c> and <c>initial_registration_time</c>): such
/// a value parses, but every conversion of it throws, so it is refused at the door as INVALID_ARGUMENT. Explicit per
/// message (no protobuf reflection: the programs are compiled ahead of time).
/// </summary>
internal static class InvalidTimestamps
{
    private const long MinSeconds = -62_135_596_800;
    private const long MaxSeconds = 253_402_300_799;

    /// <summary>Where the first invalid timestamp of <paramref name="request"/> is, or <see langword="null"/>.</summary>
    public static string? Find(object request) => request switch
    {
        NetworkServiceRequest r => InPath(r.Connection?.Path),
        Connection c => InPath(c.Path),
        MonitorScopeSelector s => InSegments(s.PathSegments, "path_segments"),
        NetworkServiceEndpoint e => InEndpoint(e),
        NetworkServiceEndpointQuery q => q.NetworkServiceEndpoint is { } e ? InEndpoint(e) : null,
        _ => null,
    };

    private static string? InPath(Nsm.Api.NetworkService.Path? path) => path is null ? null : InSegments(path.PathSegments, "path.path_segments");

    private static string? InSegments(IEnumerable<PathSegment> segments, string where) =>
        segments.Select((s, i) => Invalid(s.Expires) ? $"{where}[{i}].expires {Describe(s.Expires!)}" : null).FirstOrDefault(w => w is not null);

    private static string? InEndpoint(NetworkServiceEndpoint e) =>
        Invalid(e.ExpirationTime) ? "expiration_time " + Describe(e.ExpirationTime!)
        : Invalid(e.InitialRegistrationTime) ? "initial_registration_time " + Describe(e.InitialRegistrationTime!)
        : null;

    private static bool Invalid(Timestamp? t) => t is not null && (t.Seconds is < MinSeconds or > MaxSeconds || t.Nanos is < 0 or > 999_999_999);

    private static string Describe(Timestamp t) => $"(seconds={t.Seconds}, nanos={t.Nanos})";
}
