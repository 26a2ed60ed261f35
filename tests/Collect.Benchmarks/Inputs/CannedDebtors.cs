using System;
using System.Globalization;
using System.Text;

namespace Collect.Benchmarks.Inputs;

/// <summary>
/// The answers of the record benchmarks' in-memory server: <c>debtor</c> rows with all 37 columns of
/// <c>schemas/tables/debtor.table.json</c>, every value a JSON string as Collect! servers send them
/// (CONTRACT.md "Values"), in the API's envelope <c>{"status":200,"type":{...},"data":...}</c>.
/// No empty values (the hand-written baseline's System.Text.Json cannot read <c>""</c> as a number).
/// </summary>
public static class CannedDebtors
{
    /// <summary>The path of the table, under the base address.</summary>
    public const string TablePath = "api/v1/collect/data/debtor";

    /// <summary>The row id the get-by-id benchmarks read.</summary>
    public const long SingleRowId = 1001;

    /// <summary>The page size of the list benchmarks.</summary>
    public const int ListRows = 100;

    /// <summary>The access token every client sends (the in-memory server's login answers it too).</summary>
    public const string AccessToken = "bench-access-token-0123456789abcdef";

    /// <summary>The database header every client sends.</summary>
    public const string DatabaseHeaderValue = "cv_demodb";

    /// <summary><c>GET debtor/1001</c>: one row as <c>data</c>.</summary>
    public static byte[] Single { get; } = Encoding.UTF8.GetBytes(
        "{\"status\":200,\"type\":{\"recId\":\"debtor\",\"rowId\":\"de_rowid\"},\"data\":" + Row(0) + "}");

    /// <summary><c>GET debtor?limit=100</c>: the first page of 100 rows.</summary>
    public static byte[] List { get; } = Encoding.UTF8.GetBytes(ListText());

    /// <summary><c>POST auth/login</c>: an opaque (non-JWT) token, so the session never renews it.</summary>
    public static byte[] Login { get; } = Encoding.UTF8.GetBytes(
        "{\"status\":200,\"result\":{\"access_token\":\"" + AccessToken + "\",\"refresh_token\":\"bench-refresh-token-0123456789\"}}");

    private static string ListText()
    {
        var text = new StringBuilder(ListRows * 1100);
        text.Append("{\"status\":200,\"type\":{\"recId\":\"debtor\",\"rowId\":\"de_rowid\",\"numRecords\":15398,\"numPages\":154},\"data\":[");
        for (var i = 0; i < ListRows; i++)
        {
            if (i > 0) text.Append(',');
            text.Append(Row(i));
        }
        return text.Append("]}").ToString();
    }

    /// <summary>Row <paramref name="i"/>: row id <c>1001 + i</c>.</summary>
    public static string Row(int i)
    {
        var c = CultureInfo.InvariantCulture;
        var columns = new (string Name, string Value)[]
        {
            ("de_rowid", (SingleRowId + i).ToString(c)),
            ("de_rowid_client", (7 + i % 5).ToString(c)),
            ("de_number", (200000 + i).ToString(c)),
            ("de_type", "RET"),
            ("de_status", "NEW"),
            ("de_active", "1"),
            ("de_group_id", "G" + (i % 3).ToString(c)),
            ("de_name", $"Smith{i} John A"),
            ("de_legal_entity", "0"),
            ("de_contact", $"Jane Smith{i}"),
            ("de_generation", "Sr."),
            ("de_address", $"{i} Main Street"),
            ("de_street_number", (100 + i).ToString(c)),
            ("de_address_ok", i % 2 == 0 ? "1" : "0"),
            ("de_addr_1", "Suite 5"),
            ("de_city", "Springfield"),
            ("de_state", "IL"),
            ("de_zip", "62704"),
            ("de_country", "USA"),
            ("de_timezone", "6"),
            ("de_ssn", "123-45-6789"),
            ("de_dl", "S123-4567-8901"),
            ("de_dob", new DateOnly(1970, 1, 1).AddDays(i * 97).ToString("yyyy-MM-dd", c)),
            ("de_home_phone", "217-555-0100"),
            ("de_home_extension", "12"),
            ("de_work_phone", "217-555-0101"),
            ("de_work_extension", "34"),
            ("de_cell_phone", "217-555-0102"),
            ("de_cell_extension", "56"),
            ("de_other_phone", "217-555-0103"),
            ("de_other_extension", "78"),
            ("de_email", $"john.smith{i}@example.com"),
            ("de_poe", "Acme Corp"),
            ("de_user_1", "VIP"),
            ("de_charge_date", "2023-01-12"),
            ("de_owing", (1000 + i).ToString(c) + ".50"),
            ("de_paid", i.ToString(c) + ".25"),
        };
        var row = new StringBuilder(1100).Append('{');
        foreach (var (name, value) in columns)
        {
            if (row.Length > 1) row.Append(',');
            row.Append('"').Append(name).Append("\":\"").Append(value).Append('"');
        }
        return row.Append('}').ToString();
    }
}
