using System;
using System.Collections.Generic;
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
        var group = new FilterColumn<string>("de_group_id").Eq(Group);
        foreach (var condition in new[]
        {
            new FilterColumn<string>("de_name").Eq(payload),
            new FilterColumn<string>("de_name").In(payload, payload + "x"),
            new FilterColumn<string>("de_name").Like(payload),
        })
        {
            var filter = group & condition;
            var answer = await _api.GetAsync("api/v1/collect/data/debtor?filter=" + Uri.EscapeDataString(filter.ToString()));
            Assert.True(answer.Status is 200 or 400, answer.Text);
            if (answer.Status == 200 && condition.Operator != FilterOperator.Like)
                Assert.Empty(ApiClient.Rows(answer));
            if (answer.Status == 200 && condition.Operator == FilterOperator.Like)
            {
                // A LIKE pattern matches by its wildcards only: % and _ match the canaries, nothing else does.
                var expected = payload is "%" ? 2 : 0;
                Assert.Equal(expected, ApiClient.Rows(answer).Count());
            }
        }

        // The same text unquoted: malformed (400) or a plain value that matches nothing.
        var raw = await _api.GetAsync("api/v1/collect/data/debtor?filter=" + Uri.EscapeDataString($"de_group_id={Group},de_name={payload}"));
        Assert.True(raw.Status is 200 or 400, raw.Text);
        if (raw.Status == 200) Assert.Empty(ApiClient.Rows(raw));

        // A number column refuses text outright.
        var number = await _api.GetAsync("api/v1/collect/data/debtor?filter=" + Uri.EscapeDataString(new FilterColumn<string>("de_owing").Gt(payload).ToString()));
        Assert.Equal(400, number.Status);
        await AssertIntactAsync();
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
        foreach (var path in new[] { "debtor/" + rowId, "debtor/" + rowId + "/counts", "debtor/" + rowId + "/contact" })
            Assert.Equal(400, (await _api.GetAsync("api/v1/collect/data/" + path)).Status);
        Assert.Equal(400, (await _api.DeleteAsync("api/v1/collect/data/debtor/" + rowId)).Status);
    }
}
