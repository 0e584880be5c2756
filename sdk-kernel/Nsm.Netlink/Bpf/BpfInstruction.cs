using System.Runtime.InteropServices;

namespace Nsm.Sdk.Kernel.Bpf;

/// <summary>
/// One eBPF instruction (struct bpf_insn: opcode, dst/src registers, offset, immediate) and encoders for the few
/// instructions the tc programs here need. Jump offsets count instructions after the jump.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public readonly record struct BpfInstruction
{
    private BpfInstruction(byte code, int dst, int src, short offset, int immediate)
    {
        Code = code;
        Registers = (byte)((src << 4) | (dst & 0xF));
        Offset = offset;
        Immediate = immediate;
    }

    /// <summary>The opcode.</summary>
    public byte Code { get; }

    /// <summary>Destination register (low nibble) and source register (high nibble).</summary>
    public byte Registers { get; }

    /// <summary>The signed offset (memory access or jump).</summary>
    public short Offset { get; }

    /// <summary>The signed immediate.</summary>
    public int Immediate { get; }

    /// <summary><c>dst = imm</c> (64-bit).</summary>
    public static BpfInstruction MovImm(int dst, int imm) => new(0xb7, dst, 0, 0, imm);

    /// <summary><c>dst = src</c> (64-bit).</summary>
    public static BpfInstruction MovReg(int dst, int src) => new(0xbf, dst, src, 0, 0);

    /// <summary><c>dst &amp;= imm</c> (64-bit).</summary>
    public static BpfInstruction AndImm(int dst, int imm) => new(0x57, dst, 0, 0, imm);

    /// <summary><c>dst = *(u32 *)(src + offset)</c>.</summary>
    public static BpfInstruction LoadWord(int dst, int src, short offset) => new(0x61, dst, src, offset, 0);

    /// <summary><c>if dst == imm goto +offset</c>.</summary>
    public static BpfInstruction JumpIfEqual(int dst, int imm, short offset) => new(0x15, dst, 0, offset, imm);

    /// <summary><c>if dst != imm goto +offset</c>.</summary>
    public static BpfInstruction JumpIfNotEqual(int dst, int imm, short offset) => new(0x55, dst, 0, offset, imm);

    /// <summary>Calls kernel helper number <paramref name="helper"/> (arguments in r1..r5, result in r0).</summary>
    public static BpfInstruction Call(int helper) => new(0x85, 0, 0, 0, helper);

    /// <summary>Returns r0.</summary>
    public static BpfInstruction Exit() => new(0x95, 0, 0, 0, 0);
}
