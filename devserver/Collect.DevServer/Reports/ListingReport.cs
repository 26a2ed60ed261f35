using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Collect.DevServer.Data;
using Collect.DevServer.Schema;

namespace Collect.DevServer.Reports;

/// <summary>
/// The dev server's one report: a listing of the given rows of the <c>starton</c> table with all its
/// columns, as CSV (RFC 4180, a header row) or as an SVG page (one block per row, "column: value").
/// </summary>
internal static class ListingReport
{
    private const int LineHeight = 16;
    private const int Width = 816;
    private const int Margin = 32;

    public static string Csv(ServerTable table, IReadOnlyList<Row> rows)
    {
        var text = new StringBuilder();
        text.Append(string.Join(",", table.Columns.Select(c => CsvField(c.Name)))).Append("\r\n");
        foreach (var row in rows)
            text.Append(string.Join(",", row.Values.Select(CsvField))).Append("\r\n");
        return text.ToString();
    }

    public static string Svg(string title, ServerTable table, IReadOnlyList<Row> rows, bool showMargins)
    {
        var lines = new List<(string Text, bool Bold)> { (title, true), ("", false) };
        foreach (var row in rows)
        {
            lines.Add(($"{table.Name} {row[table.RowIdColumnName]}", true));
            for (var i = 0; i < row.Columns.Count; i++)
                if (!row.Columns[i].IsRowId && row.Values[i].Length > 0) lines.Add(($"{row.Columns[i].Name}: {row.Values[i]}", false));
            lines.Add(("", false));
        }
        var height = Margin * 2 + lines.Count * LineHeight;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{height}\" viewBox=\"0 0 {Width} {height}\">");
        svg.Append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>");
        if (showMargins)
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Margin / 2}\" y=\"{Margin / 2}\" width=\"{Width - Margin}\" height=\"{height - Margin}\" fill=\"none\" stroke=\"#ccc\" stroke-dasharray=\"4\"/>");
        svg.Append("<g font-family=\"monospace\" font-size=\"12\" fill=\"black\">");
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i].Text.Length == 0) continue;
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Margin}\" y=\"{Margin + (i + 1) * LineHeight}\"{(lines[i].Bold ? " font-weight=\"bold\"" : "")}>")
                .Append(Xml(lines[i].Text)).Append("</text>");
        }
        svg.Append("</g></svg>");
        return svg.ToString();
    }

    private static string CsvField(string value) =>
        value.IndexOfAny([',', '"', '\r', '\n']) >= 0 || (value.Length > 0 && (value[0] == ' ' || value[^1] == ' '))
            ? "\"" + value.Replace("\"", "\"\"", System.StringComparison.Ordinal) + "\""
            : value;

    // Escapes markup and drops characters XML cannot hold.
    private static string Xml(string text)
    {
        var xml = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            switch (c)
            {
                case '&': xml.Append("&amp;"); break;
                case '<': xml.Append("&lt;"); break;
                case '>': xml.Append("&gt;"); break;
                case '"': xml.Append("&quot;"); break;
                case '\'': xml.Append("&apos;"); break;
                default:
                    if (c >= 0x20 || c is '\t') xml.Append(c);
                    else xml.Append(' ');
                    break;
            }
        }
        return xml.ToString();
    }
}
