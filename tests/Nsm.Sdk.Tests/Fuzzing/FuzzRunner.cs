using System.Collections.Concurrent;
using Google.Protobuf;
using System.Diagnostics;
using Grpc.Core;

namespace Nsm.Sdk.Tests.Fuzzing;

/// <summary>
/// Sends a method thousands of mutated and random inputs as raw bytes over a real gRPC channel and checks each answer:
/// never UNKNOWN, malformed bytes answered INTERNAL or INVALID_ARGUMENT (as grpc-go), no call left unanswered by its
/// deadline. Successful unary calls are undone afterwards (Close, Unregister) so the caller can check for leaked state.
/// </summary>
internal sealed class FuzzRunner(CallInvoker invoker, FuzzSettings settings)
{
    public async Task<FuzzReport> RunAsync(FuzzMethod method)
    {
        var report = new FuzzReport(method.ToString());
        var mutator = new WireMutator(HashCode.Combine(settings.Seed, StableHash(method.ToString())));
        var seeds = method.Seeds.Select(s => s.ToByteArray()).ToList();
        var inputs = new List<byte[]>(settings.Iterations + seeds.Count);
        inputs.AddRange(seeds);
        for (var i = 0; i < settings.Iterations; i++)
        {
            inputs.Add(i % 10 == 9 ? mutator.Random() : mutator.Mutate(seeds[i % seeds.Count]));
        }

        var undo = new ConcurrentBag<byte[]>();
        var clock = Stopwatch.StartNew();
        var skipped = 0;
        await Parallel.ForEachAsync(inputs, new ParallelOptions { MaxDegreeOfParallelism = settings.Parallelism }, async (input, _) =>
        {
            if (clock.Elapsed > settings.MethodBudget)
            {
                Interlocked.Increment(ref skipped);
                return;
            }

            await CallOnceAsync(method, input, report, undo);
        });

        if (skipped > 0)
        {
            report.Count(true, $"skipped-over-budget({skipped})");
        }

        if (method.UndoRaw is { } undoMethod)
        {
            foreach (var answer in undo)
            {
                await UndoAsync(undoMethod, answer);
            }
        }

        return report;
    }

    private async Task CallOnceAsync(FuzzMethod method, byte[] input, FuzzReport report, ConcurrentBag<byte[]> undo)
    {
        var wellFormed = method.IsWellFormed(input);
        try
        {
            if (method.Type == MethodType.Unary)
            {
                var answer = await invoker.AsyncUnaryCall(method.Raw, null, new CallOptions(deadline: DateTime.UtcNow + settings.Deadline), input);
                report.Count(wellFormed, "OK");
                if (method.Undo is not null)
                {
                    undo.Add(answer);
                }
            }
            else
            {
                report.Count(wellFormed, await StreamAsync(method, input, wellFormed));
            }

            if (!wellFormed)
            {
                report.Violation("malformed bytes were accepted", input);
            }
        }
        catch (RpcException e)
        {
            report.Count(wellFormed, FuzzReport.Name(e.StatusCode));
            if (e.StatusCode == StatusCode.Unknown)
            {
                report.Violation($"UNKNOWN: {e.Status.Detail}", input);
            }
            else if (e.StatusCode == StatusCode.DeadlineExceeded && method.Type == MethodType.Unary)
            {
                report.Violation($"no answer within {settings.Deadline.TotalSeconds} s", input);
            }
            else if (!wellFormed && e.StatusCode is not (StatusCode.Internal or StatusCode.InvalidArgument))
            {
                report.Violation($"malformed bytes answered {e.StatusCode}: {e.Status.Detail}", input);
            }
        }
    }

    /// <summary>Reads a server stream until it ends, its first message (accepted) or <see cref="FuzzSettings.StreamWindow"/> of silence.</summary>
    private async Task<string> StreamAsync(FuzzMethod method, byte[] input, bool wellFormed)
    {
        using var cts = new CancellationTokenSource();
        using var call = invoker.AsyncServerStreamingCall(method.Raw, null, new CallOptions(deadline: DateTime.UtcNow + settings.Deadline, cancellationToken: cts.Token), input);
        var next = call.ResponseStream.MoveNext(cts.Token);
        // Malformed bytes must be refused: wait for the status up to the deadline.
        var first = await Task.WhenAny(next, Task.Delay(wellFormed ? settings.StreamWindow : settings.Deadline));
        if (first != next)
        {
            await cts.CancelAsync();
            try
            {
                await next;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled)
            {
                return "open";
            }
            catch (OperationCanceledException)
            {
                return "open";
            }
        }

        if (await next)
        {
            await cts.CancelAsync();
            return "streaming";
        }

        return "OK";
    }

    private async Task UndoAsync(Method<byte[], byte[]> method, byte[] answer)
    {
        try
        {
            await invoker.AsyncUnaryCall(method, null, new CallOptions(deadline: DateTime.UtcNow + settings.Deadline), answer);
        }
        catch (RpcException)
        {
            // Already closed or unregistered by a later fuzzed input.
        }
    }

    private static int StableHash(string text) => text.Aggregate(17, (h, c) => unchecked((h * 31) + c));
}
