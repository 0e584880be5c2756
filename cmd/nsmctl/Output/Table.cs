namespace Nsm.Cmd.Nsmctl.Output;

/// <summary>kubectl's plain table: upper-case headers, columns left-aligned and three spaces apart.</summary>
internal static class Table
{
    public static string Render(IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var widths = headers.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => i < r.Count ? r[i].Length : 0))).ToArray();
        var sb = new System.Text.StringBuilder();
        void Line(IReadOnlyList<string> cells)
        {
            for (var i = 0; i < headers.Count; i++)
            {
                var cell = i < cells.Count ? cells[i] : "";
                sb.Append(i == headers.Count - 1 ? cell : cell.PadRight(widths[i] + 3));
            }

            sb.Append('\n');
        }

        Line(headers);
        foreach (var r in rows)
        {
            Line(r);
        }

        return sb.ToString();
    }
}
