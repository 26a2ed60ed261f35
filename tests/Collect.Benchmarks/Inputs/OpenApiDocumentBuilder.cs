using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Collect.Codegen.Naming;

namespace Collect.Benchmarks.Inputs;

/// <summary>
/// The synthetic tables as an OpenAPI 3 document with the surface our generated code has: per table
/// a schema with the table's columns and the operations of its repository: list (filter, fields,
/// sort, limit, page), get by row id, create (POST), update (PATCH), delete, count, and one
/// sub-record list per child table that links to it.
/// </summary>
public static class OpenApiDocumentBuilder
{
    /// <summary>The document as JSON text.</summary>
    public static string Build(IReadOnlyList<SyntheticTable> tables)
    {
        var typeNames = tables.ToDictionary(t => t.Table, t => t.TypeName ?? Names.TypeNameOf(t.Table));
        var children = tables.ToDictionary(t => t.Table, _ => new List<SyntheticTable>());
        foreach (var table in tables)
            foreach (var parent in table.Columns.Select(c => c.References).OfType<string>().Distinct())
                children[parent].Add(table);

        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false }))
        {
            json.WriteStartObject();
            json.WriteString("openapi", "3.0.0");
            json.WriteStartObject("info");
            json.WriteString("title", "Collect! REST API (synthetic tables)");
            json.WriteString("version", "1.0.0");
            json.WriteEndObject();
            json.WriteStartArray("servers");
            json.WriteStartObject();
            json.WriteString("url", "https://collect.example/api/v1/collect");
            json.WriteEndObject();
            json.WriteEndArray();

            json.WriteStartObject("paths");
            foreach (var table in tables)
            {
                var type = typeNames[table.Table];
                var plural = Names.Plural(type);
                var data = "/data/" + table.Table;

                json.WriteStartObject(data);
                Operation(json, "List" + plural, "Reads one page of " + table.Table + " rows.", listParameters: true, rowId: false, body: null, status: "200", response: type, array: true);
                Operation(json, "Create" + type, "Creates a " + table.Table + " row.", listParameters: false, rowId: false, body: type, status: "201", response: type, array: false, method: "post");
                json.WriteEndObject();

                json.WriteStartObject(data + "/count");
                Operation(json, "Count" + plural, "Counts " + table.Table + " rows.", listParameters: false, rowId: false, body: null, status: "200", response: null, array: false, filterOnly: true);
                json.WriteEndObject();

                json.WriteStartObject(data + "/{rowId}");
                Operation(json, "Get" + type, "Reads one " + table.Table + " row.", listParameters: false, rowId: true, body: null, status: "200", response: type, array: false, fieldsOnly: true);
                Operation(json, "Update" + type, "Updates the given columns of a " + table.Table + " row.", listParameters: false, rowId: true, body: type, status: "200", response: type, array: false, method: "patch");
                Operation(json, "Delete" + type, "Deletes a " + table.Table + " row.", listParameters: false, rowId: true, body: null, status: "204", response: null, array: false, method: "delete");
                json.WriteEndObject();

                foreach (var child in children[table.Table])
                {
                    var childType = typeNames[child.Table];
                    json.WriteStartObject(data + "/{rowId}/" + child.Table);
                    Operation(json, "List" + type + Names.Plural(childType), "Reads one page of a " + table.Table + " row's " + child.Table + " sub-records.", listParameters: true, rowId: true, body: null, status: "200", response: childType, array: true);
                    json.WriteEndObject();
                }
            }
            json.WriteEndObject();

            json.WriteStartObject("components");
            json.WriteStartObject("schemas");
            foreach (var table in tables)
                Schema(json, typeNames[table.Table], table);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Operation(
        Utf8JsonWriter json, string operationId, string summary, bool listParameters, bool rowId, string? body, string status,
        string? response, bool array, string method = "get", bool filterOnly = false, bool fieldsOnly = false)
    {
        json.WriteStartObject(method);
        json.WriteString("operationId", operationId);
        json.WriteString("summary", summary);
        json.WriteStartArray("parameters");
        if (rowId) Parameter(json, "rowId", "path", "string", null, "The row id.", required: true);
        if (listParameters || filterOnly) Parameter(json, "filter", "query", "string", null, "Filter conditions (column=value, combined with &).");
        if (listParameters || fieldsOnly) Parameter(json, "fields", "query", "string", null, "The columns to return, comma-separated.");
        if (listParameters)
        {
            Parameter(json, "sort", "query", "string", null, "Sort keys, comma-separated; '-' for descending.");
            Parameter(json, "limit", "query", "integer", "int32", "Rows per page.");
            Parameter(json, "page", "query", "integer", "int32", "The page, from 1.");
        }
        json.WriteEndArray();
        if (body is not null)
        {
            json.WriteStartObject("requestBody");
            json.WriteBoolean("required", true);
            json.WriteStartObject("content");
            json.WriteStartObject("application/json");
            json.WriteStartObject("schema");
            json.WriteString("$ref", "#/components/schemas/" + body);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
        }
        json.WriteStartObject("responses");
        json.WriteStartObject(status);
        json.WriteString("description", "Success.");
        if (status != "204")
        {
            json.WriteStartObject("content");
            json.WriteStartObject("application/json");
            json.WriteStartObject("schema");
            if (response is null)
            {
                json.WriteString("type", "integer");
                json.WriteString("format", "int32");
            }
            else if (array)
            {
                json.WriteString("type", "array");
                json.WriteStartObject("items");
                json.WriteString("$ref", "#/components/schemas/" + response);
                json.WriteEndObject();
            }
            else
            {
                json.WriteString("$ref", "#/components/schemas/" + response);
            }
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
        }
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void Parameter(Utf8JsonWriter json, string name, string @in, string type, string? format, string description, bool required = false)
    {
        json.WriteStartObject();
        json.WriteString("name", name);
        json.WriteString("in", @in);
        json.WriteString("description", description);
        json.WriteBoolean("required", required);
        json.WriteStartObject("schema");
        json.WriteString("type", type);
        if (format is not null) json.WriteString("format", format);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void Schema(Utf8JsonWriter json, string name, SyntheticTable table)
    {
        json.WriteStartObject(name);
        json.WriteString("type", "object");
        json.WriteString("description", table.Description);
        json.WriteBoolean("additionalProperties", false);
        var required = table.Columns.Where(c => c.Required).Select(c => c.Name).ToList();
        if (required.Count > 0)
        {
            json.WriteStartArray("required");
            foreach (var r in required) json.WriteStringValue(r);
            json.WriteEndArray();
        }
        json.WriteStartObject("properties");
        foreach (var c in table.Columns)
        {
            json.WriteStartObject(c.Name);
            var (type, format) = c.Type switch
            {
                "string" or "file" or "rowid" => ("string", null),
                "int" or "flags" => ("integer", "int32"),
                "long" => ("integer", "int64"),
                "decimal" or "money" => ("number", "decimal"),
                "bool" => ("boolean", null),
                "date" => ("string", "date"),
                "time" => ("string", "time"),
                _ => ("string", (string?)"date-time"),
            };
            json.WriteString("type", type);
            if (format is not null) json.WriteString("format", format);
            if (!c.Required) json.WriteBoolean("nullable", true);
            if (c.MaxLength is { } max) json.WriteNumber("maxLength", max);
            if (c.ReadOnly) json.WriteBoolean("readOnly", true);
            if (c.Description is not null) json.WriteString("description", c.Description);
            if (c.Values.Count > 0)
            {
                // Codes as documentation, as ours: servers add codes, so no closed enum.
                json.WriteString("x-codes", string.Join(", ", c.Values.Select(v => v.Value + " = " + v.Name)));
            }
            json.WriteEndObject();
        }
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
