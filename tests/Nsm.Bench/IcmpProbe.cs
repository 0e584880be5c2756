using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Nsm.Sdk.Kernel.Namespaces;

namespace Nsm.Bench;

/// <summary>
/// Pings one IPv4 address from inside a namespace at a fixed interval (a raw ICMP socket opened in that namespace)
/// and remembers, per echo, when it was sent and when its reply came. Bounded by a count.
/// </summary>
internal sealed class IcmpProbe : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly IPEndPoint _target;
    private readonly TimeSpan _interval;
    private readonly ushort _id = (ushort)Random.Shared.Next(1, ushort.MaxValue);
    private readonly long[] _sent;
    private readonly long[] _reply;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sender;
    private readonly Task _receiver;
    private int _count;

    private IcmpProbe(Socket socket, IPAddress target, TimeSpan interval, int maxCount)
    {
        _socket = socket;
        _target = new IPEndPoint(target, 0);
        _interval = interval;
        _sent = new long[maxCount];
        _reply = new long[maxCount];
        _receiver = Task.Run(ReceiveAsync);
        _sender = Task.Run(SendAsync);
    }

    /// <summary>Gets the address pinged.</summary>
    public IPAddress Target => _target.Address;

    /// <summary>Gets the number of echoes sent so far.</summary>
    public int Sent => Volatile.Read(ref _count);

    /// <summary>Starts pinging <paramref name="target"/> from inside <paramref name="ns"/>.</summary>
    public static async Task<IcmpProbe> StartAsync(NetNs ns, IPAddress target, TimeSpan interval, int maxCount, CancellationToken ct)
    {
        var socket = await ns.RunInAsync(() => new Socket(AddressFamily.InterNetwork, SocketType.Raw, ProtocolType.Icmp), ct);
        return new IcmpProbe(socket, target, interval, Math.Clamp(maxCount, 1, ushort.MaxValue));
    }

    /// <summary>Gets the current time on the probe's clock (Stopwatch ticks).</summary>
    public static long Now => Stopwatch.GetTimestamp();

    /// <summary>Milliseconds between two timestamps.</summary>
    public static double Ms(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;

    /// <summary>Echoes sent in [from, to − grace] that got no reply (by now).</summary>
    public int Lost(long from, long to, TimeSpan grace)
    {
        var lost = 0;
        var last = to - (long)(grace.TotalSeconds * Stopwatch.Frequency);
        for (var i = 0; i < Sent; i++)
        {
            if (_sent[i] >= from && _sent[i] <= last && Volatile.Read(ref _reply[i]) == 0)
            {
                lost++;
            }
        }

        return lost;
    }

    /// <summary>
    /// When pings worked again after <paramref name="trigger"/>: the reply to the first echo sent after the last echo
    /// lost in [trigger, to − grace], in ms after the trigger; 0 if none was lost; NaN if none was answered after it.
    /// </summary>
    public double RecoveredAfter(long trigger, long to, TimeSpan grace)
    {
        var last = to - (long)(grace.TotalSeconds * Stopwatch.Frequency);
        var lastLost = -1;
        for (var i = 0; i < Sent; i++)
        {
            if (_sent[i] >= trigger && _sent[i] <= last && Volatile.Read(ref _reply[i]) == 0)
            {
                lastLost = i;
            }
        }

        if (lastLost < 0)
        {
            return 0;
        }

        for (var i = lastLost + 1; i < Sent; i++)
        {
            if (Volatile.Read(ref _reply[i]) is var r and not 0)
            {
                return Ms(trigger, r);
            }
        }

        return double.NaN;
    }

    /// <summary>When the first reply came (Stopwatch ticks), or null while none has.</summary>
    public long? FirstReply()
    {
        long? first = null;
        for (var i = 0; i < Sent; i++)
        {
            if (Volatile.Read(ref _reply[i]) is var r and not 0 && (first is null || r < first))
            {
                first = r;
            }
        }

        return first;
    }

    /// <summary>True when the last <paramref name="n"/> echoes old enough to have an answer were all answered.</summary>
    public bool Steady(int n, TimeSpan grace)
    {
        var last = Now - (long)(grace.TotalSeconds * Stopwatch.Frequency);
        var answered = 0;
        for (var i = Sent - 1; i >= 0 && answered < n; i--)
        {
            if (_sent[i] > last)
            {
                continue;
            }

            if (Volatile.Read(ref _reply[i]) == 0)
            {
                return false;
            }

            answered++;
        }

        return answered == n;
    }

    /// <summary>Waits until the probe is <see cref="Steady"/> or the time is up.</summary>
    public async Task<bool> WaitSteadyAsync(int n, TimeSpan max, CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < max)
        {
            if (Steady(n, TimeSpan.FromMilliseconds(300)))
            {
                return true;
            }

            await Task.Delay(50, ct);
        }

        return false;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sender.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _socket.Dispose();
        await _receiver.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task SendAsync()
    {
        var packet = new byte[16];
        using var timer = new PeriodicTimer(_interval);
        for (var seq = 0; seq < _sent.Length; seq++)
        {
            packet.AsSpan().Clear();
            packet[0] = 8; // echo request
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(4), _id);
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(6), (ushort)seq);
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), Checksum(packet));
            _sent[seq] = Now;
            Volatile.Write(ref _count, seq + 1);
            try
            {
                await _socket.SendToAsync(packet, SocketFlags.None, _target, _stop.Token);
            }
            catch (SocketException)
            {
                // No route at the moment (interface gone during a heal): the echo counts as lost.
            }

            if (!await timer.WaitForNextTickAsync(_stop.Token))
            {
                return;
            }
        }
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[1500];
        while (!_stop.IsCancellationRequested)
        {
            int n;
            try
            {
                n = await _socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                return;
            }

            var ihl = (buffer[0] & 0x0f) * 4;
            if (n < ihl + 8 || buffer[ihl] != 0 || BinaryPrimitives.ReadUInt16BigEndian(buffer.AsSpan(ihl + 4)) != _id)
            {
                continue;
            }

            var seq = BinaryPrimitives.ReadUInt16BigEndian(buffer.AsSpan(ihl + 6));
            if (seq < _reply.Length && _reply[seq] == 0)
            {
                Volatile.Write(ref _reply[seq], Now);
            }
        }
    }

    private static ushort Checksum(ReadOnlySpan<byte> data)
    {
        uint sum = 0;
        for (var i = 0; i + 1 < data.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
        }

        while (sum > 0xffff)
        {
            sum = (sum & 0xffff) + (sum >> 16);
        }

        return (ushort)~sum;
    }
}
