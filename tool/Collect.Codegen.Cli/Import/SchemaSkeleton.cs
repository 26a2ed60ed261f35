using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Collect.Codegen.Cli.Import;

/// <summary>A column found on the server, with its inferred schema type.</summary>
internal sealed record ImportedColumn(string Name, string Type);

/// <summary>
/// Writes table schema skeletons and merges new columns into existing files. A merge only inserts
/// the new columns at the end of <c>fields</c>; every other byte of the file stays as it was, so
/// descriptions, property names, types, values, <c>typeName</c>, comments and formatting that the
/// user edited survive any number of re-imports.
/// </summary>
internal static class SchemaSkeleton
{
    private static readonly JsonSerializerOptions Quote = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonDocumentOptions Lenient = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };
    private static readonly JsonReaderOptions LenientReader = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    /// <summary>A new table file: table, row id and one field per column, in the server's order.</summary>
    public static string Create(string table, string rowIdColumn, IReadOnlyList<ImportedColumn> columns)
    {
        var text = new StringBuilder();
        text.Append("{\n");
        text.Append("  \"table\": ").Append(Json(table)).Append(",\n");
        text.Append("  \"rowId\": ").Append(Json(rowIdColumn)).Append(",\n");
        text.Append("  \"fields\": [\n");
        for (var i = 0; i < columns.Count; i++)
            text.Append("    ").Append(Field(columns[i])).Append(i < columns.Count - 1 ? ",\n" : "\n");
        text.Append("  ]\n}\n");
        return text.ToString();
    }

    /// <summary>The table named by a schema file, or null when the file is not a readable table file.</summary>
    public static string? TableOf(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text, Lenient);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("table", out var table) && table.ValueKind == JsonValueKind.String
                ? table.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The column names listed in a table file's <c>fields</c>.</summary>
    /// <exception cref="CliException">The file is not valid JSON or has no <c>fields</c> array.</exception>
    public static IReadOnlyList<string> ColumnsOf(string path, string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text, Lenient);
            if (!document.RootElement.TryGetProperty("fields", out var fields) || fields.ValueKind != JsonValueKind.Array)
                throw new CliException($"'{path}' has no \"fields\" array to merge into; fix it (collect-codegen validate) and import again.");
            return fields.EnumerateArray()
                .Where(f => f.ValueKind == JsonValueKind.Object && f.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String)
                .Select(f => f.GetProperty("name").GetString()!)
                .ToList();
        }
        catch (JsonException e)
        {
            throw new CliException($"'{path}' is not valid JSON ({e.Message}); fix it (collect-codegen validate) and import again.", ExitCodes.Failed, e);
        }
    }

    /// <summary>
    /// The file's text with <paramref name="added"/> appended to its <c>fields</c> array, in the
    /// indentation and line endings the file already uses. Nothing else changes.
    /// </summary>
    public static string Merge(string path, string text, IReadOnlyList<ImportedColumn> added)
    {
        if (added.Count == 0) return text;
        var bytes = Encoding.UTF8.GetBytes(text);
        var reader = new Utf8JsonReader(bytes, LenientReader);
        long arrayStart = -1, arrayEnd = -1, lastItemStart = -1, lastItemEnd = -1;
        var inFields = false;
        try
        {
            while (reader.Read())
            {
                if (!inFields)
                {
                    if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("fields"))
                    {
                        reader.Read();
                        if (reader.TokenType != JsonTokenType.StartArray) break;
                        inFields = true;
                        arrayStart = reader.TokenStartIndex;
                    }
                    continue;
                }
                if (reader.CurrentDepth == 2 && reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    lastItemStart = reader.TokenStartIndex;
                    reader.Skip();
                    lastItemEnd = reader.TokenStartIndex + 1;
                }
                else if (reader.CurrentDepth == 2)
                {
                    lastItemStart = reader.TokenStartIndex;
                    lastItemEnd = reader.BytesConsumed;
                }
                else if (reader.TokenType == JsonTokenType.EndArray && reader.CurrentDepth == 1)
                {
                    arrayEnd = reader.TokenStartIndex;
                    break;
                }
            }
        }
        catch (JsonException e)
        {
            throw new CliException($"'{path}' is not valid JSON ({e.Message}); fix it and import again.", ExitCodes.Failed, e);
        }
        if (arrayEnd < 0) throw new CliException($"'{path}' has no \"fields\" array to merge into; fix it and import again.");

        var newline = text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var insertion = new StringBuilder();
        int at;
        if (lastItemEnd >= 0)
        {
            at = CharIndex(bytes, lastItemEnd);
            var indent = IndentOfLine(text, CharIndex(bytes, lastItemStart));
            foreach (var column in added) insertion.Append(',').Append(newline).Append(indent).Append(Field(column));
        }
        else
        {
            // An empty array: the items go one level deeper than the line that holds "fields".
            at = CharIndex(bytes, arrayEnd);
            var outer = IndentOfLine(text, CharIndex(bytes, arrayStart));
            var indent = outer + (outer.Contains('\t', StringComparison.Ordinal) ? "\t" : "  ");
            insertion.Append(newline);
            for (var i = 0; i < added.Count; i++)
                insertion.Append(indent).Append(Field(added[i])).Append(i < added.Count - 1 ? "," : "").Append(newline);
            insertion.Append(outer);
        }
        return text.Insert(at, insertion.ToString());
    }

    /// <summary>Reads a file's text and whether it starts with a UTF-8 byte order mark (kept on write).</summary>
    public static (string Text, bool Bom) Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var bom = bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble);
        return (Encoding.UTF8.GetString(bom ? bytes[3..] : bytes), bom);
    }

    /// <summary>Writes a file in UTF-8, with a byte order mark when asked.</summary>
    public static void Write(string path, string text, bool bom) =>
        File.WriteAllText(path, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: bom));

    private static string Field(ImportedColumn column) => $"{{\"name\": {Json(column.Name)}, \"type\": {Json(column.Type)}}}";

    private static string Json(string value) => JsonSerializer.Serialize(value, Quote);

    private static int CharIndex(byte[] bytes, long byteIndex) => Encoding.UTF8.GetCharCount(bytes, 0, (int)byteIndex);

    private static string IndentOfLine(string text, int index)
    {
        var lineStart = text.LastIndexOf('\n', Math.Max(0, index - 1)) + 1;
        var end = lineStart;
        while (end < text.Length && text[end] is ' ' or '\t') end++;
        return text[lineStart..end];
    }
}
