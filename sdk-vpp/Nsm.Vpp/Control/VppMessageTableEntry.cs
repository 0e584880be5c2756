namespace Nsm.Vpp.Control;

/// <summary>One entry of VPP's message table: a message id and the <c>name_crc</c> it stands for.</summary>
/// <param name="Index">The message id.</param>
/// <param name="NameCrc">The message name, <c>_</c>, and its CRC as 8 lowercase hex digits, e.g. <c>show_version_51077d14</c>.</param>
public readonly record struct VppMessageTableEntry(ushort Index, string NameCrc);
