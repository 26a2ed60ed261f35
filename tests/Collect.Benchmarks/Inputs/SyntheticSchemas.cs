using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Collect.Codegen;

namespace Collect.Benchmarks.Inputs;

/// <summary>One coded value of a synthetic column.</summary>
public sealed record SyntheticValue(string Value, string Name, string Description);

/// <summary>A synthetic column: everything a table file can say about it.</summary>
public sealed record SyntheticColumn(
    string Name,
    string Type,
    string? Description,
    int? MaxLength,
    bool ReadOnly,
    bool Required,
    string? References,
    IReadOnlyList<SyntheticValue> Values);

/// <summary>A synthetic table.</summary>
public sealed record SyntheticTable(
    int Index,
    string Table,
    string RowId,
    string? TypeName,
    string Description,
    IReadOnlyList<SyntheticColumn> Columns)
{
    /// <summary>The table file's path.</summary>
    public string Path => $"/schemas/tables/{Table}.table.json";
}

/// <summary>
/// A deterministic, realistic-looking synthetic schema set: every column type, descriptions, lengths,
/// read-only and required columns, coded values, links between tables (a parent per group of four,
/// plus every tenth table linking to the first), default and explicit type names, and one form.
/// </summary>
public static class SyntheticSchemas
{
    /// <summary>Tables in the synthetic set.</summary>
    public const int TableCount = 1000;

    /// <summary>Columns per table.</summary>
    public const int ColumnCount = 50;

    /// <summary>The table whose file the incremental benchmark edits (in the middle of the set).</summary>
    public const int EditedTable = 500;

    /// <summary>The column whose description the incremental benchmark edits.</summary>
    public const int EditedColumn = 10;

    // Plural nouns, so the default type name (singular, PascalCased) exercises Humanizer as real tables do.
    private static readonly string[] Nouns =
    {
        "accounts", "ledgers", "invoices", "payments", "contacts", "notes", "letters", "transactions", "clients",
        "debtors", "agencies", "addresses", "categories", "batches", "entries", "histories", "promises", "reports",
        "operators", "attachments", "judgments", "settlements", "statements", "phones", "employers",
    };

    // The column types other than rowid, cycled through the columns.
    private static readonly string[] Types =
        { "string", "int", "long", "decimal", "money", "bool", "date", "time", "datetime", "flags", "file" };

    private static readonly Dictionary<string, string> Words = new()
    {
        ["string"] = "name", ["int"] = "code", ["long"] = "counter", ["decimal"] = "rate", ["money"] = "amount",
        ["bool"] = "is_active", ["date"] = "due_date", ["time"] = "due_time", ["datetime"] = "changed_at",
        ["flags"] = "options", ["file"] = "document",
    };

    /// <summary>The table models of the set.</summary>
    public static IReadOnlyList<SyntheticTable> Tables(int tables = TableCount, int columns = ColumnCount)
    {
        var names = Enumerable.Range(0, tables).Select(TableName).ToList();
        return Enumerable.Range(0, tables).Select(i => CreateTable(i, names, columns, EditedVariant.None)).ToList();
    }

    /// <summary>The files of the set: one table file per table and one form file, in path order.</summary>
    public static IReadOnlyList<InputFile> Create(int tables = TableCount, int columns = ColumnCount)
    {
        var models = Tables(tables, columns);
        var files = models.Select(t => new InputFile(t.Path, Serialize(t))).ToList();
        files.Add(new InputFile("/schemas/forms/review-account.form.json", FormText(models[0])));
        return files.OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
    }

    /// <summary>Which of two versions of the edited column's description to write.</summary>
    public enum EditedVariant
    {
        /// <summary>The original text.</summary>
        None,
        /// <summary>The first edit.</summary>
        A,
        /// <summary>The second edit.</summary>
        B,
    }

    /// <summary>The edited table's file with one column description changed (same path).</summary>
    public static InputFile EditedFile(EditedVariant variant, int tables = TableCount, int columns = ColumnCount)
    {
        var names = Enumerable.Range(0, tables).Select(TableName).ToList();
        var table = CreateTable(EditedTable, names, columns, variant);
        return new InputFile(table.Path, Serialize(table));
    }

    private static string TableName(int i)
    {
        var prefix = Prefix(i);
        return prefix + "_" + Nouns[i % Nouns.Length];
    }

    // Three letters per table (aaa, aab, ...), as Collect! prefixes its columns (de_, co_, tr_).
    private static string Prefix(int i) =>
        new(new[] { (char)('a' + i / 676 % 26), (char)('a' + i / 26 % 26), (char)('a' + i % 26) });

    private static SyntheticTable CreateTable(int i, IReadOnlyList<string> names, int columnCount, EditedVariant variant)
    {
        var prefix = Prefix(i);
        var columns = new List<SyntheticColumn>
        {
            new(prefix + "_rowid", "rowid", "Unique row id of the " + Singular(i) + ".", null, true, false, null, Array.Empty<SyntheticValue>()),
        };
        // Links: in every group of four tables the first is the parent of the other three; every
        // tenth table also links to the first table of the set.
        if (i % 4 != 0)
            columns.Add(new(prefix + "_rowid_parent", "rowid", "The parent row (links to " + names[i - i % 4] + ").", null, false, false, names[i - i % 4], Array.Empty<SyntheticValue>()));
        if (i % 10 == 5)
            columns.Add(new(prefix + "_rowid_owner", "rowid", "The owning row (links to " + names[0] + ").", null, false, false, names[0], Array.Empty<SyntheticValue>()));

        for (var j = columns.Count; j < columnCount; j++)
        {
            var type = Types[(i + j) % Types.Length];
            var name = $"{prefix}_{Words[type]}_{j}";
            string? description = j % 3 == 0 ? null : $"The {Words[type].Replace('_', ' ')} number {j} of the {Singular(i)}, as entered on the screen.";
            if (j == EditedColumn && variant != EditedVariant.None)
                description = variant == EditedVariant.A
                    ? $"Edited: the {Words[type].Replace('_', ' ')} number {j}, first version."
                    : $"Edited: the {Words[type].Replace('_', ' ')} number {j}, second (longer) version of the text.";
            int? maxLength = type is "string" or "file" ? 8 + j * 3 % 120 : null;
            var values = type == "int" && j % 4 == 0
                ? new[]
                {
                    new SyntheticValue("1", "Open", "The row is open."),
                    new SyntheticValue("2", "Closed", "The row is closed."),
                    new SyntheticValue("5", "Review", "The row is due for review."),
                }
                : Array.Empty<SyntheticValue>();
            columns.Add(new(name, type, description, maxLength, j % 7 == 0, j % 9 == 0, null, values));
        }

        var typeName = i % 2 == 0 ? "Entity" + i.ToString("D4", CultureInfo.InvariantCulture) : null;
        return new SyntheticTable(i, names[i], prefix + "_rowid", typeName,
            $"Synthetic table {i} ({names[i]}): {columnCount} columns of every type.", columns);
    }

    private static string Singular(int i) => Nouns[i % Nouns.Length].TrimEnd('s');

    private static string Serialize(SyntheticTable table)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("$schema", "../collect-table.schema.json");
            json.WriteString("table", table.Table);
            json.WriteString("rowId", table.RowId);
            if (table.TypeName is not null) json.WriteString("typeName", table.TypeName);
            json.WriteString("description", table.Description);
            json.WriteStartArray("fields");
            foreach (var c in table.Columns)
            {
                json.WriteStartObject();
                json.WriteString("name", c.Name);
                json.WriteString("type", c.Type);
                if (c.References is not null) json.WriteString("references", c.References);
                if (c.MaxLength is { } max) json.WriteNumber("maxLength", max);
                if (c.ReadOnly) json.WriteBoolean("readOnly", true);
                if (c.Required) json.WriteBoolean("required", true);
                if (c.Description is not null) json.WriteString("description", c.Description);
                if (c.Values.Count > 0)
                {
                    json.WriteStartArray("values");
                    foreach (var v in c.Values)
                    {
                        json.WriteStartObject();
                        json.WriteString("value", v.Value);
                        json.WriteString("name", v.Name);
                        json.WriteString("description", v.Description);
                        json.WriteEndObject();
                    }
                    json.WriteEndArray();
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static string FormText(SyntheticTable table)
    {
        var fields = table.Columns.Skip(2).Take(10).Select(c => "    \"" + c.Name + "\"");
        return "{\n"
            + "  \"$schema\": \"../collect-form.schema.json\",\n"
            + "  \"formId\": \"6f1c2b7e-1d3a-4c55-9e0b-2a4f5d6e7c81\",\n"
            + "  \"name\": \"ReviewAccount\",\n"
            + "  \"description\": \"A synthetic form over the first table.\",\n"
            + "  \"table\": \"" + table.Table + "\",\n"
            + "  \"fields\": [\n" + string.Join(",\n", fields) + "\n  ],\n"
            + "  \"buttons\": [{\"name\": \"Ok\", \"value\": 4631}, {\"name\": \"Cancel\", \"value\": 4632}]\n"
            + "}\n";
    }
}
