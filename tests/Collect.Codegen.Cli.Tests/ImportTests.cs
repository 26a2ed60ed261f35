using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Collect.Codegen.Cli.Tests.Infrastructure;
using Collect.DevServer;
using Xunit;

namespace Collect.Codegen.Cli.Tests;

/// <summary>An in-process dev server with seeded rows, over a schema set the tests choose.</summary>
public sealed class ImportServerFixture : IAsyncLifetime
{
    private readonly TempFolder _temp = new();

    public CollectDevServer Server { get; private set; } = null!;

    public string Url => Server.BaseAddress.ToString();

    public async Task InitializeAsync()
    {
        var schemas = _temp.CopyShippedSchemas();
        // A table of every kind of value the inference tells apart, plus one column never filled.
        _temp.Write("schemas/tables/sample.table.json", """
            {
              "table": "sample",
              "rowId": "sa_rowid",
              "fields": [
                { "name": "sa_rowid", "type": "rowid" },
                { "name": "sa_rowid_debtor", "type": "rowid" },
                { "name": "sa_count", "type": "int" },
                { "name": "sa_big", "type": "long" },
                { "name": "sa_amount", "type": "decimal" },
                { "name": "sa_due", "type": "date" },
                { "name": "sa_at", "type": "time" },
                { "name": "sa_stamp", "type": "datetime" },
                { "name": "sa_code", "type": "string" },
                { "name": "sa_text", "type": "string" },
                { "name": "sa_never", "type": "string" }
              ]
            }
            """);
        Server = await CollectDevServer.StartAsync(new DevServerOptions { DataFolder = _temp["data"], SchemaFolder = schemas, Port = 0 });
        using var http = new HttpClient { BaseAddress = Server.BaseAddress };
        var token = await SignInAsync(http);
        var rows = new[]
        {
            new Dictionary<string, string> { ["sa_count"] = "3", ["sa_big"] = "12345678901", ["sa_amount"] = "12.50", ["sa_due"] = "2026-01-31", ["sa_at"] = "09:30:00", ["sa_stamp"] = "2026-01-31 09:30:00", ["sa_code"] = "007", ["sa_text"] = "12" },
            new Dictionary<string, string> { ["sa_count"] = "-4", ["sa_big"] = "7", ["sa_amount"] = "3", ["sa_due"] = "2025-12-01", ["sa_at"] = "23:59:59", ["sa_stamp"] = "2025-12-01 00:00:00", ["sa_code"] = "010", ["sa_text"] = "twelve" },
            new Dictionary<string, string> { ["sa_count"] = "", ["sa_big"] = "", ["sa_amount"] = "", ["sa_due"] = "", ["sa_at"] = "", ["sa_stamp"] = "", ["sa_code"] = "", ["sa_text"] = "" },
        };
        for (var i = 0; i < 120; i++) await CreateAsync(http, token, "sample", rows[i % rows.Length]);
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        _temp.Dispose();
    }

    private static async Task<string> SignInAsync(HttpClient http)
    {
        using var response = await http.PostAsync("api/v1/auth/login", new StringContent("""{"op_id":"OWN","op_password":"own"}""", Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("result").GetProperty("access_token").GetString()!;
    }

    private static async Task CreateAsync(HttpClient http, string token, string table, Dictionary<string, string> data)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/collect/data/" + table)
        {
            Content = new StringContent(JsonSerializer.Serialize(new Dictionary<string, object> { ["business-logic"] = 0, ["data"] = data }), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }
}

/// <summary>'import' signs in, reads rows, infers types conservatively and merges re-imports without losing hand edits.</summary>
public sealed class ImportTests(ImportServerFixture fixture) : IClassFixture<ImportServerFixture>
{
    [Fact]
    public async Task WritesASkeletonWithConservativelyInferredTypesAndShowsProgress()
    {
        using var temp = new TempFolder();

        var run = await Tool.RunAsync("import", "--url", fixture.Url, "--user", "OWN", "--password", "own", "--table", "sample", "--table", "nx_operator", "-o", temp["schemas"]);

        Assert.Equal(0, run.ExitCode);
        // 120 rows, read up to the default 200 in pages of 100.
        Assert.Contains("[1/2] sample: page 1 of 2, 100 row(s) read", run.ErrorLines);
        Assert.Contains("[1/2] sample: page 2 of 2, 120 row(s) read", run.ErrorLines);
        Assert.Contains("[2/2] nx_operator: page 1 of 1, 4 row(s) read", run.ErrorLines);
        var types = Types(temp["schemas/sample.table.json"]);
        Assert.Equal("sa_rowid", RowIdOf(temp["schemas/sample.table.json"]));
        Assert.Equal(new Dictionary<string, string>
        {
            ["sa_rowid"] = "rowid",
            ["sa_rowid_debtor"] = "rowid",
            ["sa_count"] = "int",
            ["sa_big"] = "long",
            ["sa_amount"] = "decimal",
            ["sa_due"] = "date",
            ["sa_at"] = "time",
            ["sa_stamp"] = "datetime",
            ["sa_code"] = "string",     // leading zeros: a code, not a number
            ["sa_text"] = "string",     // "12" and "twelve"
            ["sa_never"] = "string",    // no value at all
        }, types);
        Assert.Equal("int", Types(temp["schemas/nx_operator.table.json"])["op_level"]);
        // The skeleton is a valid schema file.
        Assert.Equal(0, (await Tool.RunAsync("validate", temp["schemas"])).ExitCode);
    }

    [Fact]
    public async Task ReImportingKeepsHandEditsAndAddsOnlyNewColumns()
    {
        using var temp = new TempFolder();
        var args = new[] { "import", "--url", fixture.Url, "--user", "OWN", "--password", "own", "--table", "sample", "-o", temp["schemas"], "--rows", "10" };
        Assert.Equal(0, (await Tool.RunAsync(args)).ExitCode);
        // The user moves the file, describes the table, renames and retypes columns, adds codes and a
        // comment, and deletes two columns (as if the server had added them since).
        var moved = temp["schemas/tables/my-sample.table.json"];
        Directory.CreateDirectory(Path.GetDirectoryName(moved)!);
        File.Move(temp["schemas/sample.table.json"], moved);
        var edited = """
            {
              // Samples, hand-tuned.
              "table": "sample",
              "rowId": "sa_rowid",
              "typeName": "SampleRow",
              "description": "Sample rows.",
              "fields": [
                {"name": "sa_rowid", "type": "rowid"},
                {"name": "sa_rowid_debtor", "type": "rowid", "references": "debtor"},
                {"name": "sa_count", "type": "long", "property": "Total", "description": "How many."},
                {"name": "sa_big", "type": "long"},
                {"name": "sa_amount", "type": "money"},
                {"name": "sa_due", "type": "date"},
                {"name": "sa_at", "type": "time"},
                {"name": "sa_stamp", "type": "datetime"},
                {"name": "sa_code", "type": "string", "values": [{"value": "007", "name": "Bond"}]},
              ]
            }
            """.ReplaceLineEndings("\n");
        File.WriteAllText(moved, edited);

        var run = await Tool.RunAsync(args);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"sample: added 2 column(s) to {moved}: sa_text (string), sa_never (string).", run.OutputLines);
        Assert.False(File.Exists(temp["schemas/sample.table.json"]));
        var merged = File.ReadAllText(moved);
        Assert.Equal(edited.Replace(
            """{"name": "sa_code", "type": "string", "values": [{"value": "007", "name": "Bond"}]},""",
            """{"name": "sa_code", "type": "string", "values": [{"value": "007", "name": "Bond"}]},""" + "\n" +
            """    {"name": "sa_text", "type": "string"},""" + "\n" +
            """    {"name": "sa_never", "type": "string"},""", StringComparison.Ordinal), merged);

        // Nothing new: the file is left alone.
        var again = await Tool.RunAsync(args);
        Assert.Equal(0, again.ExitCode);
        Assert.Contains(again.OutputLines, l => l.StartsWith("sample: up to date", StringComparison.Ordinal));
        Assert.Equal(merged, File.ReadAllText(moved));
    }

    [Fact]
    public async Task BadCredentialsAndUnknownTablesAreReportedWithoutStackTraces()
    {
        using var temp = new TempFolder();

        var refused = await Tool.RunAsync("import", "--url", fixture.Url, "--user", "OWN", "--password", "s3cr3t-Pa55", "--table", "sample", "-o", temp.Path);
        var unknown = await Tool.RunAsync("import", "--url", fixture.Url, "--user", "OWN", "--password", "own", "--table", "nothing,sample", "-o", temp.Path);

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("Signing in as 'OWN' failed", refused.ErrorMessages(), StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t-Pa55", refused.Error, StringComparison.Ordinal);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("error: nothing: GET /api/v1/collect/data/nothing answered 404", unknown.ErrorMessages(), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(temp.Path, "sample.table.json")));
        Assert.Contains("Imported 1 of 2 table(s)", unknown.Output, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Types(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.GetProperty("fields").EnumerateArray()
            .ToDictionary(f => f.GetProperty("name").GetString()!, f => f.GetProperty("type").GetString()!);
    }

    private static string RowIdOf(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.GetProperty("rowId").GetString()!;
    }
}
