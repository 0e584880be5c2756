using System.Diagnostics;
using Grpc.Core;

namespace Nsm.Sdk.Core;

/// <summary>
/// Carries the trace across process boundaries in the gRPC metadata with <see cref="DistributedContextPropagator.Current"/>
/// (W3C <c>traceparent</c> and <c>tracestate</c> by default): a client call carries the current span, and a server call
/// starts its span as that span's child, so one Request is one trace from the NSC through nsmgr and the forwarder to the NSE.
/// </summary>
public static class GrpcTraceContext
{
    /// <summary>
    /// Returns <paramref name="headers"/> with the current span's context added (a copy; the given headers stay as they
    /// are), or <paramref name="headers"/> itself when no span is current.
    /// </summary>
    /// <param name="headers">The call's headers, or <see langword="null"/>.</param>
    /// <returns>The headers to send.</returns>
    public static Metadata? Inject(Metadata? headers)
    {
        if (Activity.Current is not { } activity)
        {
            return headers;
        }

        var propagator = DistributedContextPropagator.Current;
        var fields = propagator.Fields;
        var result = new Metadata();
        if (headers is not null)
        {
            foreach (var entry in headers)
            {
                if (!fields.Contains(entry.Key, StringComparer.OrdinalIgnoreCase))
                {
                    result.Add(entry);
                }
            }
        }

        propagator.Inject(activity, result, static (carrier, name, value) =>
        {
            if (carrier is Metadata m && value is not null)
            {
                m.Add(name, value);
            }
        });
        return result;
    }

    /// <summary>Reads the caller's span context from the request headers.</summary>
    /// <param name="headers">The request headers.</param>
    /// <param name="parent">The caller's span context when found.</param>
    /// <returns><see langword="true"/> when the headers carry a valid span context.</returns>
    public static bool TryExtract(Metadata? headers, out ActivityContext parent)
    {
        parent = default;
        if (headers is null)
        {
            return false;
        }

        DistributedContextPropagator.Current.ExtractTraceIdAndState(headers, static (object? carrier, string name, out string? value, out IEnumerable<string>? values) =>
        {
            values = null;
            value = (carrier as Metadata)?.GetValue(name);
        }, out var traceId, out var traceState);
        return ActivityContext.TryParse(traceId, traceState, isRemote: true, out parent);
    }

    /// <summary>Starts the server span of an incoming call, a child of the caller's span when the headers carry one.</summary>
    /// <param name="name">The span name.</param>
    /// <param name="headers">The request headers.</param>
    /// <returns>The span, or <see langword="null"/> when nobody listens.</returns>
    public static Activity? StartServerActivity(string name, Metadata? headers)
    {
        var source = NsmDiagnostics.ActivitySource;
        if (!source.HasListeners())
        {
            return null;
        }

        return TryExtract(headers, out var parent)
            ? source.StartActivity(name, ActivityKind.Server, parent)
            : source.StartActivity(name, ActivityKind.Server);
    }
}
