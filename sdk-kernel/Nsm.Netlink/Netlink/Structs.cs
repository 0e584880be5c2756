using System.Runtime.InteropServices;

namespace Nsm.Sdk.Kernel.Netlink;

#pragma warning disable CA1051, SA1307 // Wire structs mirror the kernel's C layout: public fields on purpose.

/// <summary>struct ifinfomsg.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct IfInfoMsg
{
    public byte Family;
    public byte Pad;
    public ushort Type;
    public int Index;
    public uint Flags;
    public uint Change;
}

/// <summary>struct ifaddrmsg.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct IfAddrMsg
{
    public byte Family;
    public byte PrefixLen;
    public byte Flags;
    public byte Scope;
    public int Index;
}

/// <summary>struct rtmsg (also the layout of struct fib_rule_hdr).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct RtMsg
{
    public byte Family;
    public byte DstLen;
    public byte SrcLen;
    public byte Tos;
    public byte Table;
    public byte Protocol;
    public byte Scope;
    public byte Type;
    public uint Flags;
}

/// <summary>struct ndmsg.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NdMsg
{
    public byte Family;
    public byte Pad1;
    public ushort Pad2;
    public int Index;
    public ushort State;
    public byte Flags;
    public byte Type;
}

/// <summary>struct tcmsg.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct TcMsg
{
    public byte Family;
    public byte Pad1;
    public ushort Pad2;
    public int Index;
    public uint Handle;
    public uint Parent;
    public uint Info;
}
#pragma warning restore CA1051, SA1307
