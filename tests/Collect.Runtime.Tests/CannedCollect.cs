using System;
using System.Text.Json;

namespace Collect.Runtime.Tests;

/// <summary>
/// Canned answers of a Collect! data server for the <c>contact</c> and <c>debtor</c> tables, shaped as
/// CONTRACT.md describes (values as strings, some numbers bare, counts as strings or numbers).
/// </summary>
public static class CannedCollect
{
    public const string DataPath = "api/v1/collect/data/";

    public const string ContactList = """
        {"status":200,
         "type":{"recId":"contact","rowId":"co_rowid","numRecords":"2","numPages":1},
         "data":[
           {"co_rowid":"101","co_rowid_debtor":"7","co_type":"5","co_description":"Review file","co_date":"2023-01-12","co_amount":"12.50","co_done":"0","co_unknown":{"nested":[1,2]}},
           {"co_rowid":102,"co_rowid_debtor":"7","co_type":30,"co_description":"","co_date":"","co_amount":3,"co_done":"1"}
         ]}
        """;

    public const string Contact101 = """
        {"status":200,"type":{"recId":"contact","rowId":"co_rowid"},
         "data":{"co_rowid":"101","co_rowid_debtor":"7","co_type":"5","co_description":"Review file","co_date":"2023-01-12","co_amount":"12.50","co_done":"0"}}
        """;

    public const string Counts = """
        {"status":200,"type":{"recId":"debtor","rowId":"de_rowid"},
         "data":[{"recId":"contact","numRecords":12},{"recId":"de_transaction","numRecords":"3"},{"recId":"attachment","numRecords":0}]}
        """;

    public static CannedResponse Respond(RecordedRequest request)
    {
        if (!request.Path.StartsWith(DataPath, StringComparison.Ordinal))
            return Error(404, "Unknown endpoint.");
        var parts = request.Path[DataPath.Length..].Split('/');
        return (request.Method, parts) switch
        {
            ("GET", ["contact"]) => CannedResponse.Json(ContactList),
            ("GET", ["contact", "101"]) => CannedResponse.Json(Contact101),
            ("GET", ["contact", _]) => Error(404, $"contact {parts[1]} not found"),
            ("GET", ["debtor", "7", "counts"]) => CannedResponse.Json(Counts),
            ("GET", ["debtor", "7", "contact"]) => CannedResponse.Json(ContactList),
            ("POST", ["contact"]) => Created(request.Body),
            ("PATCH", ["contact", "101"]) => CannedResponse.Json(Contact101),
            ("DELETE", ["contact", "101"]) => CannedResponse.Json("""{"status":200,"type":{"recId":"contact","rowId":"co_rowid"}}"""),
            ("DELETE", ["contact", _]) => Error(404, $"contact {parts[1]} not found"),
            _ => Error(404, "Unknown table or row."),
        };
    }

    public static CannedResponse Error(int status, string message) =>
        new(status, JsonText.Object(("status", status), ("message", message)));

    // The stored row: the sent columns plus a new row id; staging (mode 1) answers an empty row id.
    private static CannedResponse Created(string requestBody)
    {
        using var document = JsonDocument.Parse(requestBody);
        var mode = document.RootElement.TryGetProperty("business-logic", out var value) ? value.GetInt32() : 0;
        var row = new System.Text.StringBuilder("{");
        row.Append("\"co_rowid\":").Append(mode == 1 ? "\"\"" : "\"501\"");
        foreach (var column in document.RootElement.GetProperty("data").EnumerateObject())
        {
            if (column.Name == "co_rowid") continue;
            row.Append(',').Append(JsonText.String(column.Name)).Append(':').Append(column.Value.GetRawText());
        }
        row.Append('}');
        return CannedResponse.Json($$"""{"status":200,"type":{"recId":"contact","rowId":"co_rowid"},"data":{{row}}}""");
    }
}

/// <summary>Tiny JSON text helpers for canned answers.</summary>
public static class JsonText
{
    public static string String(string value)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer)) writer.WriteStringValue(value);
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static string Object(params (string Name, object Value)[] members)
    {
        var text = new System.Text.StringBuilder("{");
        foreach (var (name, value) in members)
        {
            if (text.Length > 1) text.Append(',');
            text.Append(String(name)).Append(':');
            text.Append(value is int number ? number.ToString(System.Globalization.CultureInfo.InvariantCulture) : String(value.ToString()!));
        }
        return text.Append('}').ToString();
    }
}
