namespace Nsm.Cmd.Nsmctl.Supervisor;

/// <summary>
/// The list of machine resources a supervisor created (network namespaces, processes), one line each, written
/// before the resource is made and removed after it is gone: <c>down</c> reads it to leave nothing behind even when
/// the supervisor itself died.
/// </summary>
internal sealed class Ledger(string path)
{
    private readonly Lock _lock = new();

    public void Add(string kind, string value)
    {
        lock (_lock)
        {
            File.AppendAllLines(path, [kind + " " + value]);
        }
    }

    public void Remove(string kind, string value)
    {
        lock (_lock)
        {
            if (!File.Exists(path))
            {
                return;
            }

            var line = kind + " " + value;
            var lines = File.ReadAllLines(path).Where(l => l != line).ToArray();
            File.WriteAllLines(path, lines);
        }
    }

    public static List<(string Kind, string Value)> Read(string path) =>
        File.Exists(path)
            ? File.ReadAllLines(path).Where(l => l.Contains(' ', StringComparison.Ordinal)).Select(l => (l[..l.IndexOf(' ', StringComparison.Ordinal)], l[(l.IndexOf(' ', StringComparison.Ordinal) + 1)..])).ToList()
            : [];
}
