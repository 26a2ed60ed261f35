using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using Collect.Codegen.Model;

namespace Collect.Codegen.Tests.Fuzz;

/// <summary>
/// What a schema file should give, decided without the generator: System.Text.Json for the JSON,
/// and SCHEMA-FORMAT.md re-read here for the structure a file needs on its own.
/// </summary>
internal static class SchemaOracle
{
    private static readonly HashSet<string> ColumnTypes = new(StringComparer.Ordinal)
    {
        "string", "int", "long", "decimal", "money", "bool", "date", "time", "datetime", "rowid", "flags", "file",
    };

    private static readonly JsonDocumentOptions Options = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = 64,
    };

    /// <summary>Whether the text is JSON (as UTF-8, the BOM skipped) whose strings all decode.</summary>
    public static bool IsJson(string text, out JsonDocument? document) => IsJson(text, out document, out _);

    /// <summary>
    /// Whether the text is JSON (as UTF-8, the BOM skipped) whose strings all decode; if the reader
    /// stopped, also where: a 0-based line and UTF-16 column of the text.
    /// </summary>
    public static bool IsJson(string text, out JsonDocument? document, out (int Line, int Column)? error)
    {
        document = null;
        error = null;
        var bytes = Encoding.UTF8.GetBytes(text).AsMemory();
        var bom = bytes.Length >= 3 && bytes.Span[0] == 0xEF && bytes.Span[1] == 0xBB && bytes.Span[2] == 0xBF;
        if (bom) bytes = bytes.Slice(3);
        try
        {
            document = JsonDocument.Parse(bytes, Options);
        }
        catch (JsonException ex)
        {
            if (ex.LineNumber is long line && ex.BytePositionInLine is long column)
            {
                // The reader counts lines at '\n' only and columns in bytes; turn that into a character
                // offset, then into a line and column the way Roslyn counts them.
                var lines = text.Split('\n');
                var lineText = lines[(int)line];
                var lineBytes = Encoding.UTF8.GetBytes(lineText);
                var byteInLine = (int)column + (line == 0 && bom ? 3 : 0);
                var offset = lines.Take((int)line).Sum(l => l.Length + 1) + Encoding.UTF8.GetCharCount(lineBytes, 0, Math.Min(byteInLine, lineBytes.Length));
                error = LinePosition(text, offset);
            }
            return false;
        }
        try
        {
            DecodeAll(document.RootElement);
            return true;
        }
        catch (InvalidOperationException)
        {
            // An escape that is not valid UTF-16 (a lone \ud800): JSON, but not text.
            document.Dispose();
            document = null;
            return false;
        }
    }

    private static void DecodeAll(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                element.GetString();
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    _ = property.Name;
                    DecodeAll(property.Value);
                }
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray()) DecodeAll(item);
                break;
        }
    }

    /// <summary>
    /// Why a file that is JSON cannot generate on its own, or null when nothing in the file itself
    /// is wrong (other files may still make it fail: duplicates, references, form fields).
    /// </summary>
    public static string? StructuralProblem(string path, JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object) return "root is not an object";
        return SchemaFile.IsFormPath(path) ? FormProblem(root) : TableProblem(root);
    }

    private static string? TableProblem(JsonElement root)
    {
        if (Duplicates(root) is { } dup) return dup;
        if (!NonEmptyString(root, "table")) return "table";
        if (!NonEmptyString(root, "rowId")) return "rowId";
        if (!OptionalString(root, "typeName") || !OptionalString(root, "description")) return "typeName/description";
        if (!root.TryGetProperty("fields", out var fields) || fields.ValueKind != JsonValueKind.Array || fields.GetArrayLength() == 0) return "fields";
        var names = new List<string>();
        foreach (var field in fields.EnumerateArray())
        {
            if (FieldProblem(field) is { } problem) return problem;
            names.Add(field.GetProperty("name").GetString()!);
        }
        if (names.Distinct(StringComparer.Ordinal).Count() != names.Count) return "duplicate column";
        if (!names.Contains(root.GetProperty("rowId").GetString()!, StringComparer.Ordinal)) return "row id not a field";
        return null;
    }

    private static string? FieldProblem(JsonElement field)
    {
        if (field.ValueKind != JsonValueKind.Object) return "field not an object";
        if (Duplicates(field) is { } dup) return dup;
        if (!NonEmptyString(field, "name")) return "field name";
        if (!NonEmptyString(field, "type") || !ColumnTypes.Contains(field.GetProperty("type").GetString()!)) return "field type";
        if (!OptionalString(field, "references") || !OptionalString(field, "property") || !OptionalString(field, "description")) return "field strings";
        if (!OptionalBool(field, "readOnly") || !OptionalBool(field, "required")) return "field bools";
        if (field.TryGetProperty("maxLength", out var max) && max.ValueKind != JsonValueKind.Null
            && !(max.ValueKind == JsonValueKind.Number && max.TryGetInt64(out var length) && length >= 1 && length <= int.MaxValue))
            return "maxLength";
        if (field.TryGetProperty("values", out var values) && values.ValueKind != JsonValueKind.Null)
        {
            if (values.ValueKind != JsonValueKind.Array) return "values";
            foreach (var value in values.EnumerateArray())
            {
                if (value.ValueKind != JsonValueKind.Object) return "value not an object";
                if (Duplicates(value) is { } d) return d;
                if (!value.TryGetProperty("value", out var code) || code.ValueKind is not (JsonValueKind.String or JsonValueKind.Number)) return "value";
                if (!NonEmptyString(value, "name") || !OptionalString(value, "description")) return "value name";
            }
        }
        return null;
    }

    private static string? FormProblem(JsonElement root)
    {
        if (Duplicates(root) is { } dup) return dup;
        if (!NonEmptyString(root, "formId")) return "formId";
        if (!NonEmptyString(root, "name")) return "name";
        if (!OptionalString(root, "table") || !OptionalString(root, "description")) return "table/description";
        if (!root.TryGetProperty("buttons", out var buttons) || buttons.ValueKind != JsonValueKind.Array || buttons.GetArrayLength() == 0) return "buttons";
        foreach (var button in buttons.EnumerateArray())
        {
            if (button.ValueKind != JsonValueKind.Object) return "button not an object";
            if (Duplicates(button) is { } d) return d;
            if (!NonEmptyString(button, "name")) return "button name";
            if (!button.TryGetProperty("value", out var value) || value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out _)) return "button value";
        }
        var hasTable = root.TryGetProperty("table", out var table) && table.ValueKind == JsonValueKind.String;
        if (root.TryGetProperty("fields", out var fields) && fields.ValueKind != JsonValueKind.Null)
        {
            if (fields.ValueKind != JsonValueKind.Array) return "fields";
            if (hasTable)
            {
                if (fields.EnumerateArray().Any(f => f.ValueKind != JsonValueKind.String)) return "form field not a string";
                var listed = fields.EnumerateArray().Select(f => f.GetString()!).ToList();
                if (listed.Distinct(StringComparer.Ordinal).Count() != listed.Count) return "form field twice";
            }
            else
            {
                var names = new List<string>();
                foreach (var field in fields.EnumerateArray())
                {
                    if (FieldProblem(field) is { } problem) return problem;
                    names.Add(field.GetProperty("name").GetString()!);
                }
                if (names.Distinct(StringComparer.Ordinal).Count() != names.Count) return "duplicate column";
            }
        }
        return null;
    }

    private static string? Duplicates(JsonElement obj)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in obj.EnumerateObject())
        {
            if (!seen.Add(property.Name)) return "property '" + property.Name + "' twice";
        }
        return null;
    }

    private static bool NonEmptyString(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString()!.Length > 0;

    private static bool OptionalString(JsonElement obj, string name) =>
        !obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null
        || (value.ValueKind == JsonValueKind.String && value.GetString()!.Length > 0);

    private static bool OptionalBool(JsonElement obj, string name) =>
        !obj.TryGetProperty(name, out var value) || value.ValueKind is JsonValueKind.Null or JsonValueKind.True or JsonValueKind.False;

    /// <summary>
    /// Problems with a location: it must lie inside its file, and its line and column must be
    /// those of its character offsets (lines as Roslyn counts them, columns in UTF-16 characters).
    /// </summary>
    public static string? LocationProblem(SourceLocation location, string text)
    {
        if (location.Start < 0 || location.Length < 0 || location.Start + location.Length > text.Length)
            return $"span {location.Start}+{location.Length} outside a text of {text.Length}";
        var (line, column) = LinePosition(text, location.Start);
        if (line != location.StartLine || column != location.StartColumn)
            return $"start ({location.StartLine},{location.StartColumn}) but offset {location.Start} is at ({line},{column})";
        var (endLine, endColumn) = LinePosition(text, location.Start + location.Length);
        if (endLine != location.EndLine || endColumn != location.EndColumn)
            return $"end ({location.EndLine},{location.EndColumn}) but offset {location.Start + location.Length} is at ({endLine},{endColumn})";
        return null;
    }

    // Lines as Roslyn counts them (\r\n, \r, \n, U+0085, U+2028, U+2029): the compiler shows our locations that way.
    private static (int Line, int Column) LinePosition(string text, int offset)
    {
        var position = Microsoft.CodeAnalysis.Text.SourceText.From(text).Lines.GetLinePosition(offset);
        return (position.Line, position.Character);
    }
}
