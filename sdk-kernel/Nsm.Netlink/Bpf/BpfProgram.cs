using System.Runtime.InteropServices;
using System.Text;
using Nsm.Sdk.Kernel.Interop;

namespace Nsm.Sdk.Kernel.Bpf;

/// <summary>
/// A BPF program loaded with <c>bpf(BPF_PROG_LOAD)</c>, held by its file descriptor. Disposing closes the descriptor;
/// the kernel frees the program once nothing else (a tc filter) refers to it either.
/// </summary>
public sealed unsafe class BpfProgram : IDisposable
{
    /// <summary>BPF_PROG_TYPE_SCHED_CLS: a tc classifier.</summary>
    public const int SchedClsType = 3;

    private const int BPF_PROG_GET_FD_BY_ID = 13;
    private const int BPF_PROG_LOAD = 5;
    private const int BPF_OBJ_GET_INFO_BY_FD = 15;
    private const int LogSize = 64 * 1024;
    private int _fd;

    private BpfProgram(int fd, uint id)
    {
        _fd = fd;
        Id = id;
    }

    /// <summary>The file descriptor (valid until disposed).</summary>
    public int Fd => _fd >= 0 ? _fd : throw new ObjectDisposedException(nameof(BpfProgram));

    /// <summary>The kernel's id of the program (as <c>bpftool prog</c> lists it).</summary>
    public uint Id { get; }

    /// <summary>Loads a GPL-licensed program; a verifier rejection throws <see cref="BpfException"/> with the verifier log.</summary>
    /// <param name="programType">The program type, e.g. <see cref="SchedClsType"/>.</param>
    /// <param name="name">The program name (at most 15 characters, letters, digits and underscores).</param>
    /// <param name="instructions">The instructions.</param>
    public static BpfProgram Load(int programType, string name, ReadOnlySpan<BpfInstruction> instructions)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var license = "GPL\0"u8;
        var log = new byte[LogSize];
        Span<byte> attr = stackalloc byte[128];
        attr.Clear();
        fixed (BpfInstruction* insns = instructions)
        fixed (byte* lic = license)
        fixed (byte* logBuf = log)
        {
            MemoryMarshal.Write(attr, programType);
            MemoryMarshal.Write(attr[4..], instructions.Length);
            MemoryMarshal.Write(attr[8..], (ulong)insns);
            MemoryMarshal.Write(attr[16..], (ulong)lic);
            MemoryMarshal.Write(attr[24..], 1); // log_level
            MemoryMarshal.Write(attr[28..], LogSize);
            MemoryMarshal.Write(attr[32..], (ulong)logBuf);
            Encoding.ASCII.GetBytes(name.AsSpan(0, Math.Min(name.Length, 15)), attr[48..64]);
            var fd = Syscall(BPF_PROG_LOAD, attr, 72);
            if (fd < 0)
            {
                var errno = LibC.LastErrno;
                var text = Encoding.UTF8.GetString(log, 0, Math.Max(0, Array.IndexOf(log, (byte)0)));
                throw new BpfException($"BPF_PROG_LOAD {name}", errno, text);
            }

            return new BpfProgram(fd, QueryId(fd));
        }
    }

    /// <summary>Whether a program with this id is still loaded in the kernel.</summary>
    /// <param name="id">The program id.</param>
    public static bool IsLoaded(uint id)
    {
        Span<byte> attr = stackalloc byte[16];
        attr.Clear();
        MemoryMarshal.Write(attr, id);
        var fd = Syscall(BPF_PROG_GET_FD_BY_ID, attr, 12);
        if (fd < 0)
        {
            return false;
        }

        _ = LibC.Close(fd);
        return true;
    }

    /// <inheritdoc/>
    public override string ToString() => $"bpf program {Id}";

    /// <inheritdoc/>
    public void Dispose()
    {
        var fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0)
        {
            _ = LibC.Close(fd);
        }
    }

    private static uint QueryId(int fd)
    {
        Span<byte> info = stackalloc byte[256];
        info.Clear();
        Span<byte> attr = stackalloc byte[16];
        attr.Clear();
        fixed (byte* p = info)
        {
            MemoryMarshal.Write(attr, fd);
            MemoryMarshal.Write(attr[4..], info.Length);
            MemoryMarshal.Write(attr[8..], (ulong)p);
            if (Syscall(BPF_OBJ_GET_INFO_BY_FD, attr, 16) < 0)
            {
                var errno = LibC.LastErrno;
                _ = LibC.Close(fd);
                throw new BpfException("BPF_OBJ_GET_INFO_BY_FD", errno, string.Empty);
            }
        }

        return MemoryMarshal.Read<uint>(info[4..]);
    }

    private static int Syscall(int command, Span<byte> attr, int size)
    {
        fixed (byte* a = attr)
        {
            return (int)LibC.Bpf(command, a, (uint)size);
        }
    }
}
