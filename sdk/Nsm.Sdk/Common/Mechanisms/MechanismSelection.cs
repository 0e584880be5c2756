using Grpc.Core;
using Nsm.Api.NetworkService;
using Nsm.Sdk.Api;
using Nsm.Sdk.Core;

namespace Nsm.Sdk.Common.Mechanisms;

/// <summary>Errors and metrics shared by <see cref="MechanismsServer"/> and <see cref="MechanismsClient"/>.</summary>
internal static class MechanismSelection
{
    /// <summary>The message prefix of a selection that found no working mechanism.</summary>
    public const string CannotSupportMessage = "cannot support any of the requested mechanism";

    /// <summary>The path-segment metric a server sets.</summary>
    public const string ServerMetricKey = "server_interface";

    /// <summary>The path-segment metric a client sets.</summary>
    public const string ClientMetricKey = "client_interface";

    private const string UnknownName = "unknown";

    /// <summary>Wraps each element in a chain and indexes it by mechanism type (ordinal); rejects null elements.</summary>
    public static Dictionary<string, TChain> Build<TElement, TChain>(
        IReadOnlyDictionary<string, TElement> mechanisms, Func<TElement, TChain> wrap)
    {
        ArgumentNullException.ThrowIfNull(mechanisms);
        var map = new Dictionary<string, TChain>(StringComparer.Ordinal);
        foreach (var (type, element) in mechanisms)
        {
            ArgumentNullException.ThrowIfNull(element);
            map[type] = wrap(element);
        }

        return map;
    }

    /// <summary>The error for a connection whose mechanism type has no sub-chain.</summary>
    public static NsmStatusException Unsupported(Mechanism? mechanism) =>
        new(StatusCode.InvalidArgument, $"unsupported mechanism type {mechanism?.Type ?? "<none>"}");

    /// <summary>
    /// The error after every preference failed: the failures' messages joined; the status is the failures'
    /// common status when they all agree, else <see cref="StatusCode.Unknown"/>; no failure at all (no
    /// preference of a supported type) gives <see cref="StatusCode.InvalidArgument"/>.
    /// </summary>
    public static NsmStatusException CannotSupport(IReadOnlyList<Exception> failures)
    {
        if (failures.Count == 0)
        {
            return new NsmStatusException(StatusCode.InvalidArgument, $"{CannotSupportMessage}: no preference of a supported type");
        }

        StatusCode? common = null;
        foreach (var failure in failures)
        {
            var code = StatusOf(failure);
            common = common is null || common == code ? code : StatusCode.Unknown;
        }

        var message = $"{CannotSupportMessage}: {string.Join("; ", failures.Select(f => f.Message))}";
        return new NsmStatusException(common ?? StatusCode.Unknown, message, new AggregateException(failures));
    }

    /// <summary>
    /// Sets <paramref name="key"/> on the connection's current path segment to <c>&lt;TYPE&gt;/&lt;name&gt;</c>
    /// when it is absent, or when it still says <c>unknown</c> and the mechanism now has a name.
    /// </summary>
    public static void StoreMetric(Connection? connection, Mechanism? mechanism, string key)
    {
        if (mechanism is null || connection.GetCurrentPathSegment() is not { } segment)
        {
            return;
        }

        var name = mechanism.Parameters.TryGetValue(Nsm.Sdk.Api.Mechanisms.CommonParameters.InterfaceNameKey, out var n) && n.Length > 0
            ? n
            : UnknownName;
        var value = $"{mechanism.Type}/{name}";
        if (!segment.Metrics.TryGetValue(key, out var existing)
            || (existing.EndsWith("/" + UnknownName, StringComparison.Ordinal) && name != UnknownName))
        {
            segment.Metrics[key] = value;
        }
    }

    /// <summary>True when the failure is the caller's cancellation, which must not be turned into "try the next one".</summary>
    public static bool IsCallerCancellation(Exception failure, NsmContext context) =>
        failure is OperationCanceledException && context.CancellationToken.IsCancellationRequested;

    private static StatusCode StatusOf(Exception failure) => failure switch
    {
        NsmStatusException nsm => nsm.StatusCode,
        RpcException rpc => rpc.StatusCode,
        _ => GrpcErrors.ToRpcException(failure).StatusCode,
    };
}
