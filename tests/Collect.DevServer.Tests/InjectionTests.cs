using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Linq;
using System.Threading.Tasks;
using Collect.DevServer.Tests.Infrastructure;
using Collect.Runtime;
using Xunit;

namespace Collect.DevServer.Tests;

/// <summary>
/// SQL injection attempts in every place a request names something: filter values, filter columns,
/// sort, fields, table names and row ids. Each answers 400 (or 404 for a table) or exactly the rows
/// that match; never a 500, never rows that should not match, and the tables stay intact.
/// </summary>
[Collection(DevServerCollection.Name)]
public sealed class InjectionTests(DevServerFixture fixture)
{
    private const string Group = "canary";
    private readonly ApiClient _api = fixture.Api;

    private string Dump() => DbDump.Of(fixture.Host.Server.GetDatabasePath("cv_masterdb"));

    public static readonly string[] Payloads =
    [
        "' OR '1'='1",
        "x' OR 1=1 --",
        "'; DROP TABLE debtor; --",
        "\" OR \"\"=\"",
        "1 OR 1=1",
        "1; DELETE FROM debtor",
        "') OR ('a'='a",
        "*",
        "%",
        "_",
        "' UNION SELECT op_rowid, salt, hash FROM __devserver_auth --",
        "\0",
        "$p0",
        "@p0",
        "?",
        "]]><svg/onload=alert(1)>",
    ];

    public static IEnumerable<object[]> PayloadCases() => Payloads.Select(p => new object[] { p });

    private async Task EnsureCanariesAsync()
    {
        var existing = await _api.GetAsync("api/v1/collect/data/debtor?filter=de_group_id=" + Group);
        if (existing.Body.GetProperty("type").GetProperty("numRecords").GetInt64() > 0) return;
        await _api.CreateAsync("debtor", new { de_group_id = Group, de_name = "Canary One", de_owing = "5" });
        await _api.CreateAsync("debtor", new { de_group_id = Group, de_name = "Canary Two", de_owing = "7" });
    }

    private async Task AssertIntactAsync()
    {
        var answer = await _api.GetAsync("api/v1/collect/data/debtor?filter=de_group_id=" + Group + "&sort=de_name");
        Assert.Equal(200, answer.Status);
        Assert.Equal(["Canary One", "Canary Two"], ApiClient.Column(answer, "de_name"));
        Assert.Equal(200, (await _api.GetAsync("api/v1/collect/data/nx_operator")).Status);
        Assert.Equal(200, (await _api.LoginAsync("OWN", "own")).Status);
    }

    [Theory]
    [MemberData(nameof(PayloadCases))]
    public async Task FilterValuesNeverWidenTheResult(string payload)
    {
        await EnsureCanariesAsync();
        // Rows that hold the payload, next to a decoy: values the runtime quoted must find exactly the
        // rows they match (200), whatever the text holds. A NUL cannot be stored, so only the decoy is.
        var group = "inj-" + Guid.NewGuid().ToString("N")[..12];
        string[] stored = payload.Contains('\0', StringComparison.Ordinal) ? ["decoy"] : [payload, payload + "x", "decoy"];
        foreach (var name in stored)
            await _api.CreateAsync("debtor", new { de_group_id = group, de_name = name });
        var before = Dump();

        var column = new FilterColumn<string>("de_name");
        var other = payload + "x";
        foreach (var (condition, matches) in new (FilterCondition, Func<string, bool>)[]
        {
            (column.Eq(payload), n => n == payload),
            (column.Ne(payload), n => n != payload),
            (column.In(payload, other), n => n == payload || n == other),
            (column.NotIn(payload, other), n => n != payload && n != other),
            (column.Like(payload), n => LikeMatches(payload, n)),
            (column.NotLike(payload), n => !LikeMatches(payload, n)),
        })
        {
            foreach (var (g, names) in new[] { (group, stored), (Group, new[] { "Canary One", "Canary Two" }) })
            {
                var filter = new FilterColumn<string>("de_group_id").Eq(g) & condition;
                var answer = await _api.GetAsync("api/v1/collect/data/debtor?sort=de_rowid&filter=" + Uri.EscapeDataString(filter.ToString()));
                Assert.True(answer.Status == 200, $"{filter}: {answer.Text}");
                Assert.Equal(names.Where(matches).ToList<string?>(), ApiClient.Column(answer, "de_name"));
            }
        }

        // The same text unquoted: malformed (400) or a plain value that matches nothing.
        var raw = await _api.GetAsync("api/v1/collect/data/debtor?filter=" + Uri.EscapeDataString($"de_group_id={Group},de_name={payload}"));
        Assert.True(raw.Status is 200 or 400, raw.Text);
        if (raw.Status == 200) Assert.Empty(ApiClient.Rows(raw));

        // A number column refuses text outright.
        var number = await _api.GetAsync("api/v1/collect/data/debtor?filter=" + Uri.EscapeDataString(new FilterColumn<string>("de_owing").Gt(payload).ToString()));
        Assert.Equal(400, number.Status);
        Assert.Equal(before, Dump());
        await AssertIntactAsync();
    }

    // The API's LIKE: % any run, _ one character, everything else itself, case-sensitive.
    private static bool LikeMatches(string pattern, string value)
    {
        var regex = new System.Text.StringBuilder("^");
        foreach (var c in pattern)
            regex.Append(c switch { '%' => ".*", '_' => ".", _ => System.Text.RegularExpressions.Regex.Escape(c.ToString()) });
        return System.Text.RegularExpressions.Regex.IsMatch(value, regex.Append('$').ToString(), System.Text.RegularExpressions.RegexOptions.Singleline | System.Text.RegularExpressions.RegexOptions.CultureInvariant);
    }

    [Theory]
    [MemberData(nameof(PayloadCases))]
    public async Task NamesFromTheRequestMustBeSchemaNames(string payload)
    {
        await EnsureCanariesAsync();
        var escaped = Uri.EscapeDataString(payload);
        Assert.Equal(400, (await _api.GetAsync($"api/v1/collect/data/debtor?filter={Uri.EscapeDataString("de_name" + payload)}=x")).Status);
        Assert.Equal(400, (await _api.GetAsync($"api/v1/collect/data/debtor?filter={escaped}=x")).Status);
        Assert.Equal(400, (await _api.GetAsync($"api/v1/collect/data/debtor?sort={Uri.EscapeDataString("de_name" + payload)}")).Status);
        Assert.Equal(400, (await _api.GetAsync($"api/v1/collect/data/debtor?sort={escaped}")).Status);
        Assert.Equal(400, (await _api.GetAsync($"api/v1/collect/data/debtor?fields=de_name,{escaped}")).Status);
        Assert.Equal(400, (await _api.PatchAsync("api/v1/collect/data/debtor/1", new Dictionary<string, object> { ["data"] = new Dictionary<string, string> { [payload] = "x" } })).Status);
        Assert.Equal(400, (await _api.PostAsync("api/v1/collect/data/debtor", new Dictionary<string, object> { ["data"] = new Dictionary<string, string> { ["de_name" + payload] = "x" } })).Status);

        if (payload.Contains('\0', StringComparison.Ordinal))
        {
            await AssertIntactAsync();
            return; // Kestrel itself refuses a NUL in the path (see NulInThePathIsRefusedBeforeTheApp)
        }
        var table = await _api.GetAsync($"api/v1/collect/data/{Uri.EscapeDataString("debtor" + payload)}");
        Assert.Equal(404, table.Status);
        var rowId = await _api.GetAsync($"api/v1/collect/data/debtor/{Uri.EscapeDataString("1" + payload)}");
        Assert.True(rowId.Status is 400 or 404, rowId.Text);
        var child = await _api.GetAsync($"api/v1/collect/data/debtor/1/{Uri.EscapeDataString("contact" + payload)}");
        Assert.True(child.Status is 400 or 404, child.Text);
        await AssertIntactAsync();
    }

    [Theory]
    [InlineData("sqlite_master")]
    [InlineData("sqlite_sequence")]
    [InlineData("__devserver_auth")]
    [InlineData("DEBTOR")]
    [InlineData("%22debtor%22")]
    public async Task ServerTablesAndNearNamesAreNotTables(string table)
    {
        Assert.Equal(404, (await _api.GetAsync("api/v1/collect/data/" + table)).Status);
    }

    [Fact]
    public async Task NulInThePathIsRefusedBeforeTheApp()
    {
        // Kestrel answers such a request line itself (an empty 400), before any middleware runs.
        using var response = await _api.Http.GetAsync("api/v1/collect/data/debtor%00");
        Assert.Equal(400, (int)response.StatusCode);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("%2B1")]
    [InlineData("1.0")]
    [InlineData("1e3")]
    [InlineData("0x10")]
    [InlineData("99999999999999999999")]
    [InlineData("%201")]
    [InlineData("1%20OR%201=1")]
    public async Task RowIdsAreDigitsOnly(string rowId)
    {
        var before = Dump();
        foreach (var path in new[] { "debtor/" + rowId, "debtor/" + rowId + "/counts", "debtor/" + rowId + "/contact" })
            Assert.Equal(400, (await _api.GetAsync("api/v1/collect/data/" + path)).Status);
        Assert.Equal(400, (await _api.DeleteAsync("api/v1/collect/data/debtor/" + rowId)).Status);
        Assert.Equal(400, (await _api.PatchAsync("api/v1/collect/data/debtor/" + rowId, new { data = new { de_city = "Injected" } })).Status);
        Assert.Equal(400, (await _api.GetAsync("api/v1/collect/app/download?record=debtor&file=a.txt&rowid=" + rowId)).Status);
        Assert.Equal(before, Dump());
    }

    [Fact]
    public async Task ATrailingNulIsNotPartOfANumber()
    {
        // .NET's number parser skips trailing NULs; the server reads digits only. (Kestrel refuses a NUL
        // in the path itself, see NulInThePathIsRefusedBeforeTheApp.)
        await EnsureCanariesAsync();
        var before = Dump();
        Assert.Equal(400, (await _api.GetAsync("api/v1/collect/app/download?record=debtor&file=a.txt&rowid=1%00")).Status);
        Assert.Equal(400, (await _api.GetAsync("api/v1/collect/data/debtor?filter=de_rowid=1%00")).Status);
        Assert.Equal(400, (await _api.GetAsync("api/v1/collect/data/debtor?limit=1%00")).Status);
        Assert.Equal(400, (await _api.PostAsync("api/v1/collect/data/debtor", "{\"business-logic\":\"4\\u0000\",\"data\":{\"de_name\":\"Nul\"}}")).Status);
        Assert.Equal(before, Dump());
    }

    public static readonly string[] BadJsonRowIds =
    [
        "\"-1\"", "-1", "\"+1\"", "\"1.0\"", "1.0", "1.5", "1e3", "\"1e3\"", "\"0x10\"", "\"99999999999999999999\"", "99999999999999999999",
        "\" 1\"", "\"1 \"", "\"1 OR 1=1\"", "\"1; DELETE FROM debtor\"", "\"' OR '1'='1\"", "\"\"", "null", "true", "[1]", "{\"rowid\":1}", "\"\\u0031\\u0000\"",
    ];

    public static IEnumerable<object[]> BadJsonRowIdCases() => BadJsonRowIds.Select(p => new object[] { p });

    [Theory]
    [MemberData(nameof(BadJsonRowIdCases))]
    public async Task RowIdsInBodiesAreRowIds(string rowId)
    {
        await EnsureCanariesAsync();
        var before = Dump();
        // AUTO writes without prompting: a row id that slipped through would change the database.
        var plan = await _api.PostAsync("api/v1/collect/app/runplan", $"{{\"plan\":\"AUTO\",\"debtor\":{rowId}}}");
        Assert.Equal(400, plan.Status);
        var report = await _api.PostAsync("api/v1/collect/app/report", $"{{\"starton\":\"debtor\",\"rowid\":[{rowId}],\"destination\":\"CSV\"}}");
        Assert.Equal(400, report.Status);
        if (!rowId.StartsWith('['))
        {
            var single = await _api.PostAsync("api/v1/collect/app/report", $"{{\"starton\":\"debtor\",\"rowid\":{rowId}}}");
            Assert.Equal(400, single.Status);
        }
        var upload = await UploadAsync($"{{\"debtor\":{rowId},\"overwrite\":\"yes\"}}", "injected.txt");
        Assert.Equal(400, upload.Status);
        Assert.Equal(before, Dump());
        Assert.False(Directory.Exists(Path.Combine(fixture.Host.DataFolder, "files", "cv_masterdb", "debtor")) &&
            Directory.EnumerateFiles(Path.Combine(fixture.Host.DataFolder, "files", "cv_masterdb", "debtor"), "injected.txt", SearchOption.AllDirectories).Any());
        await AssertIntactAsync();
    }

    [Theory]
    [MemberData(nameof(PayloadCases))]
    public async Task TableNamesOfEveryEndpointMustBeSchemaNames(string payload)
    {
        await EnsureCanariesAsync();
        var before = Dump();
        foreach (var name in new[] { "debtor" + payload, payload })
        {
            var escaped = Uri.EscapeDataString(name);
            if (!payload.Contains('\0', StringComparison.Ordinal)) // Kestrel refuses a NUL in the path itself
            {
                Assert.Equal(404, (await _api.PostAsync($"api/v1/collect/data/{escaped}", new { data = new { de_name = "Injected" } })).Status);
                Assert.Equal(404, (await _api.PatchAsync($"api/v1/collect/data/{escaped}/1", new { data = new { de_name = "Injected" } })).Status);
                Assert.Equal(404, (await _api.DeleteAsync($"api/v1/collect/data/{escaped}/1")).Status);
            }
            Assert.Equal(404, (await _api.GetAsync($"api/v1/collect/app/download?record={escaped}&rowid=1&file=a.txt")).Status);
            var report = await _api.PostAsync("api/v1/collect/app/report", new Dictionary<string, object> { ["starton"] = name, ["rowid"] = new[] { 1 } });
            Assert.Equal(400, report.Status);
            var upload = await UploadAsync(System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object> { [name] = 1, ["overwrite"] = "yes" }), "injected.txt");
            Assert.Equal(400, upload.Status);
        }
        Assert.Equal(before, Dump());
        await AssertIntactAsync();
    }

    private async Task<ApiResponse> UploadAsync(string json, string fileName)
    {
        using var content = new MultipartFormDataContent();
        content.Add(new StringContent(json, System.Text.Encoding.UTF8), "json");
        var file = new ByteArrayContent("injected"u8.ToArray());
        file.Headers.ContentDisposition = new System.Net.Http.Headers.ContentDispositionHeaderValue("form-data") { Name = "\"file\"", FileName = "\"" + fileName + "\"" };
        content.Add(file);
        return await _api.SendAsync(HttpMethod.Post, "api/v1/collect/app/upload", content, await _api.TokenAsync(), null);
    }
}
