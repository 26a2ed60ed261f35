using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Collect.Codegen.Tests.Infrastructure;

namespace Collect.Codegen.Tests.Fuzz;

/// <summary>The valid files the fuzzer mutates: the shipped schemas plus handmade ones that use every feature.</summary>
internal static class FuzzCorpus
{
    /// <summary>Every corpus file, path → text; together they form one valid, diagnostic-free set.</summary>
    public static IReadOnlyList<(string Path, string Text)> Files => Lazy.Value;

    private static readonly Lazy<List<(string Path, string Text)>> Lazy = new(Load);

    private static List<(string Path, string Text)> Load()
    {
        var shipped = Directory.EnumerateFiles(GeneratorHarness.ShippedSchemaFolder, "*.json", SearchOption.AllDirectories)
            .Where(p => p.EndsWith(".table.json", StringComparison.Ordinal) || p.EndsWith(".form.json", StringComparison.Ordinal))
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => ("/schemas/" + Path.GetRelativePath(GeneratorHarness.ShippedSchemaFolder, p).Replace('\\', '/'), File.ReadAllText(p)));
        return shipped.Concat(Handmade).ToList();
    }

    private static readonly (string Path, string Text)[] Handmade =
    {
        ("/fuzz/widget.table.json", """
            {
              "$schema": "../collect-table.schema.json",
              "table": "fz_widget",
              "rowId": "wi_rowid",
              "typeName": "Widget",
              "description": "Every column type, codes, required and read-only columns.",
              "fields": [
                { "name": "wi_rowid", "type": "rowid", "readOnly": true },
                { "name": "wi_rowid_debtor", "type": "rowid", "references": "debtor", "description": "Owner." },
                { "name": "wi_name", "type": "string", "maxLength": 30, "required": true },
                { "name": "wi_count", "type": "int", "values": [{ "value": 1, "name": "One" }, { "value": "2", "name": "Two", "description": "Two." }] },
                { "name": "wi_big", "type": "long" },
                { "name": "wi_ratio", "type": "decimal" },
                { "name": "wi_price", "type": "money", "required": true },
                { "name": "wi_on", "type": "bool" },
                { "name": "wi_day", "type": "date" },
                { "name": "wi_at", "type": "time" },
                { "name": "wi_stamp", "type": "datetime", "readOnly": true },
                { "name": "wi_bits", "type": "flags" },
                { "name": "wi_doc", "type": "file", "property": "Document" }
              ]
            }
            """),
        ("/fuzz/gadget.table.json", """
            {
              "table": "fz_gadgets",
              "rowId": "ga_rowid",
              "fields": [
                { "name": "ga_rowid", "type": "rowid" },
                { "name": "ga_rowid_widget", "type": "rowid", "references": "fz_widget" },
                { "name": "ga_label", "type": "string", "description": "Label <with> \"markup\" & escapes \\ */" }
              ]
            }
            """),
        ("/fuzz/standalone.form.json", """
            {
              "formId": "f0f0f0f0-0000-4000-8000-00000000f022",
              "name": "Standalone Prompt",
              "description": "A form without a table: its fields carry their own types.",
              "fields": [
                { "name": "sp_amount", "type": "money", "required": true },
                { "name": "sp_note", "type": "string", "maxLength": 80 },
                { "name": "sp_when", "type": "date" }
              ],
              "buttons": [{ "name": "Ok", "value": 1 }, { "name": "Cancel", "value": 2 }, { "name": "Retry later", "value": -3 }]
            }
            """),
        ("/fuzz/widget-edit.form.json", """
            {
              "formId": "f0f0f0f0-0000-4000-8000-00000000f023",
              "name": "WidgetEdit",
              "table": "fz_widget",
              "fields": ["wi_name", "wi_count", "wi_doc"],
              "buttons": [{ "name": "Save", "value": 10 }]
            }
            """),
    };
}
