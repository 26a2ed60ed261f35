using System.Collections.Generic;
using System.Text.Json;
using Collect.DevServer.Data;
using Collect.DevServer.Schema;

namespace Collect.DevServer.Http;

/// <summary>Writes rows and envelopes: every value a JSON string, <c>""</c> for no value.</summary>
internal static class RowJson
{
    public static void WriteRow(Utf8JsonWriter writer, Row row)
    {
        writer.WriteStartObject();
        for (var i = 0; i < row.Columns.Count; i++) writer.WriteString(row.Columns[i].Name, row.Values[i]);
        writer.WriteEndObject();
    }

    public static void WriteType(Utf8JsonWriter writer, ServerTable table, long? numRecords = null, long? numPages = null)
    {
        writer.WriteStartObject("type");
        writer.WriteString("recId", table.Name);
        writer.WriteString("rowId", table.RowIdColumnName);
        if (numRecords is { } records) writer.WriteNumber("numRecords", records);
        if (numPages is { } pages) writer.WriteNumber("numPages", pages);
        writer.WriteEndObject();
    }

    /// <summary><c>{"status":200,"type":{...},"data":{row}}</c></summary>
    public static void WriteSingle(Utf8JsonWriter writer, ServerTable table, Row row)
    {
        writer.WriteStartObject();
        writer.WriteNumber("status", 200);
        WriteType(writer, table);
        writer.WritePropertyName("data");
        WriteRow(writer, row);
        writer.WriteEndObject();
    }

    /// <summary><c>{"status":200,"type":{recId,rowId,numRecords,numPages},"data":[rows]}</c></summary>
    public static void WriteList(Utf8JsonWriter writer, ServerTable table, IReadOnlyList<Row> rows, long total, int limit)
    {
        writer.WriteStartObject();
        writer.WriteNumber("status", 200);
        WriteType(writer, table, total, total == 0 ? 0 : (total + limit - 1) / limit);
        writer.WriteStartArray("data");
        foreach (var row in rows) WriteRow(writer, row);
        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
