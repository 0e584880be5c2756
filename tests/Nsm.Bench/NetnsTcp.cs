using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Nsm.Sdk.Kernel.Namespaces;

namespace Nsm.Bench;

/// <summary>TCP sockets made inside a pod's network namespace (a socket stays in the namespace it was created in).</summary>
internal static class NetnsTcp
{
    /// <summary>A listener on every address of <paramref name="port"/> in the namespace that accepts and closes; dispose to stop.</summary>
    public static async Task<Socket> ListenAsync(string netns, int port, CancellationToken ct)
    {
        using var ns = NetNs.Open(netns);
        var socket = await ns.RunInAsync(() => new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp) { DualMode = true }, ct);
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        socket.Bind(new IPEndPoint(IPAddress.IPv6Any, port));
        socket.Listen(64);
        _ = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    (await socket.AcceptAsync()).Dispose();
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // Disposed by the bench.
            }
        }, CancellationToken.None);
        return socket;
    }

    /// <summary>When the first connection completed (Stopwatch timestamp) and how the attempts before it failed (reason: count).</summary>
    public sealed record FirstConnect(long At, IReadOnlyDictionary<string, int> Failed);

    /// <summary>
    /// Starts a TCP connect from the namespace every <paramref name="interval"/> (each may wait up to a second, so
    /// that a dropped SYN does not hide later attempts) and returns when the first one completes. Throws a
    /// <see cref="TimeoutException"/> after <paramref name="max"/>.
    /// </summary>
    public static async Task<FirstConnect> FirstConnectAsync(string netns, IPAddress address, int port, TimeSpan interval, TimeSpan max, CancellationToken ct)
    {
        using var ns = NetNs.Open(netns);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var first = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var failed = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var attempts = new List<Task>();
        var sw = Stopwatch.StartNew();
        try
        {
            while (!first.Task.IsCompleted)
            {
                if (sw.Elapsed > max)
                {
                    throw new TimeoutException($"no TCP connection from {netns} to {address}:{port} within {max.TotalSeconds:F0} s ({Describe(failed)})");
                }

                var socket = await ns.RunInAsync(() => new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp), stop.Token);
                attempts.Add(AttemptAsync(socket, new IPEndPoint(address, port), first, failed, stop.Token));
                await Task.WhenAny(first.Task, Task.Delay(interval, stop.Token));
            }

            return new FirstConnect(await first.Task, failed);
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(attempts);
        }
    }

    /// <summary>The failures as <c>reason×count</c>, most frequent first.</summary>
    public static string Describe(IReadOnlyDictionary<string, int> failed) =>
        failed.Count == 0 ? "no failed attempt" : "failed attempts: " + string.Join(", ", failed.OrderByDescending(kv => kv.Value).Select(kv => $"{kv.Key}×{kv.Value}"));

    private static async Task AttemptAsync(Socket socket, IPEndPoint target, TaskCompletionSource<long> first, ConcurrentDictionary<string, int> failed, CancellationToken ct)
    {
        using (socket)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(1));
            try
            {
                await socket.ConnectAsync(target, timeout.Token);
                first.TrySetResult(Stopwatch.GetTimestamp());
            }
            catch (SocketException e)
            {
                failed.AddOrUpdate(e.SocketErrorCode.ToString(), 1, (_, n) => n + 1); // no route yet, refused: a later attempt tells
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                failed.AddOrUpdate("no answer in 1 s", 1, (_, n) => n + 1); // dropped on the way
            }
            catch (OperationCanceledException)
            {
                // Stopped: another attempt connected, or the probe ended.
            }
        }
    }
}
