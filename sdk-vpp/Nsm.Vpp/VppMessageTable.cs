using Nsm.Vpp.Control;

namespace Nsm.Vpp;

/// <summary>VPP's message table from the handshake: <c>name_crc</c> → id and back, and each name's CRC (to say what differs).</summary>
internal sealed class VppMessageTable
{
    private readonly Dictionary<string, ushort> _ids = new(StringComparer.Ordinal);
    private readonly Dictionary<ushort, string> _names = [];
    private readonly Dictionary<string, string> _nameCrcByName = new(StringComparer.Ordinal);

    public VppMessageTable(IEnumerable<VppMessageTableEntry> entries)
    {
        foreach (var (index, nameCrc) in entries)
        {
            _ids[nameCrc] = index;
            _names[index] = nameCrc;
            var cut = nameCrc.LastIndexOf('_');
            if (cut > 0)
            {
                _nameCrcByName[nameCrc[..cut]] = nameCrc;
            }
        }
    }

    public int Count => _ids.Count;

    public bool TryGetId(VppMessageRef message, out ushort id) => _ids.TryGetValue(message.NameCrc, out id);

    public string NameOf(ushort id) => _names.TryGetValue(id, out var name) ? name : $"unknown id {id}";

    /// <summary>Checks a message strictly by name and CRC (never by name alone).</summary>
    public VppMessageMismatch? Check(VppMessageRef message) =>
        _ids.ContainsKey(message.NameCrc)
            ? null
            : new VppMessageMismatch(message, _nameCrcByName.TryGetValue(message.Name, out var found) ? found : null);
}
