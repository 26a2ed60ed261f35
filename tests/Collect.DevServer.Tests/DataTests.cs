using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using Collect.DevServer.Tests.Infrastructure;
using Xunit;

namespace Collect.DevServer.Tests;

/// <summary>Create (business-logic modes), read, update and delete over raw HTTP.</summary>
[Collection(DevServerCollection.Name)]
public sealed class DataTests(DevServerFixture fixture)
{
    private const string Data = "api/v1/collect/data/";
    private readonly ApiClient _api = fixture.Api;

    [Fact]
    public async Task InsertOnlyStoresTheValuesAsStringsAndNothingElse()
    {
        var row = await _api.CreateAsync("debtor", new { de_name = "Insert Only", de_owing = "12.50", de_address_ok = "true", de_dob = "1980-02-29" }, mode: 0);

        Assert.NotEqual("", row.GetProperty("de_rowid").GetString());
        Assert.Equal("Insert Only", row.GetProperty("de_name").GetString());
        Assert.Equal("12.50", row.GetProperty("de_owing").GetString());
        Assert.Equal("1", row.GetProperty("de_address_ok").GetString());
        Assert.Equal("1980-02-29", row.GetProperty("de_dob").GetString());
        Assert.Equal("", row.GetProperty("de_number").GetString());
        Assert.Equal("", row.GetProperty("de_status").GetString());
        foreach (var property in row.EnumerateObject()) Assert.Equal(JsonValueKind.String, property.Value.ValueKind);
    }

    [Fact]
    public async Task OmittedModeMeansInsertOnly()
    {
        var answer = await _api.PostAsync(Data + "debtor", "{\"data\":{\"de_name\":\"No Mode\"}}");
        Assert.Equal(200, answer.Status);
        Assert.Equal("", answer.Data.GetProperty("de_status").GetString());
        Assert.Equal("debtor", answer.Body.GetProperty("type").GetProperty("recId").GetString());
        Assert.Equal("de_rowid", answer.Body.GetProperty("type").GetProperty("rowId").GetString());
    }

    [Fact]
    public async Task PreLogicNumbersDebtorsAndClientsAndSetsStatusNew()
    {
        var first = await _api.CreateAsync("debtor", new { de_name = "Pre One" }, mode: 2);
        var second = await _api.CreateAsync("debtor", new { de_name = "Pre Two" }, mode: 2);
        var given = await _api.CreateAsync("debtor", new { de_name = "Pre Given", de_number = "900000", de_status = "OLD" }, mode: 2);

        var n1 = long.Parse(first.GetProperty("de_number").GetString()!, CultureInfo.InvariantCulture);
        var n2 = long.Parse(second.GetProperty("de_number").GetString()!, CultureInfo.InvariantCulture);
        Assert.Equal(n1 + 1, n2);
        Assert.Equal("NEW", first.GetProperty("de_status").GetString());
        Assert.Equal("900000", given.GetProperty("de_number").GetString());
        Assert.Equal("OLD", given.GetProperty("de_status").GetString());

        var after = await _api.CreateAsync("debtor", new { de_name = "Pre After" }, mode: 4);
        Assert.Equal("900001", after.GetProperty("de_number").GetString());

        var client = await _api.CreateAsync("client", new { cl_name = "Client Pre" }, mode: 2);
        Assert.NotEqual("", client.GetProperty("cl_number").GetString());
    }

    [Fact]
    public async Task StagingAnswersThePreLogicRowWithAnEmptyRowIdAndSavesNothing()
    {
        var before = DbDump.Of(fixture.Host.Server.GetDatabasePath("cv_masterdb"));
        var staged = await _api.CreateAsync("debtor", new { de_name = "Staged" }, mode: 1);
        var after = DbDump.Of(fixture.Host.Server.GetDatabasePath("cv_masterdb"));

        Assert.Equal("", staged.GetProperty("de_rowid").GetString());
        Assert.Equal("Staged", staged.GetProperty("de_name").GetString());
        Assert.Equal("NEW", staged.GetProperty("de_status").GetString());
        Assert.NotEqual("", staged.GetProperty("de_number").GetString());
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task PostLogicStampsCreationDateTimeAndOriginator()
    {
        var debtor = await _api.CreateIdAsync("debtor", new { de_name = "Post" });
        var insertOnly = await _api.CreateAsync("contact", new { co_rowid_debtor = debtor.ToString(CultureInfo.InvariantCulture), co_description = "plain" }, mode: 0);
        Assert.Equal("", insertOnly.GetProperty("co_creation_date").GetString());

        var post = await _api.CreateAsync("contact", new { co_rowid_debtor = debtor.ToString(CultureInfo.InvariantCulture), co_description = "stamped", co_creation_date = "2000-01-01" }, mode: 3);
        Assert.Equal("2026-03-14", post.GetProperty("co_creation_date").GetString());
        Assert.Equal("10:15:30", post.GetProperty("co_creation_time").GetString());
        Assert.Equal("OWN", post.GetProperty("co_originator").GetString());

        var mine = await _api.CreateAsync("contact", new { co_rowid_debtor = debtor.ToString(CultureInfo.InvariantCulture), co_originator = "SAL" }, mode: 4);
        Assert.Equal("SAL", mine.GetProperty("co_originator").GetString());

        var attachment = await _api.CreateAsync("attachment", new { at_rowid_debtor = debtor.ToString(CultureInfo.InvariantCulture) }, mode: 4);
        Assert.Equal("2026-03-14", attachment.GetProperty("at_created").GetString());
        Assert.Equal("OWN", attachment.GetProperty("at_created_by").GetString());
    }

    [Theory]
    [InlineData("{\"business-logic\":5,\"data\":{}}")]
    [InlineData("{\"business-logic\":-1,\"data\":{}}")]
    [InlineData("{\"business-logic\":\"full\",\"data\":{}}")]
    [InlineData("{\"data\":{\"de_nope\":\"x\"}}")]
    [InlineData("{\"data\":{\"de_owing\":\"12,5\"}}")]
    [InlineData("{\"data\":{\"de_owing\":\"1e5\"}}")]
    [InlineData("{\"data\":{\"de_number\":\"12.5\"}}")]
    [InlineData("{\"data\":{\"de_active\":\"99999999999\"}}")]
    [InlineData("{\"data\":{\"de_dob\":\"31/12/1980\"}}")]
    [InlineData("{\"data\":{\"de_dob\":\"1981-02-29\"}}")]
    [InlineData("{\"data\":{\"de_address_ok\":\"maybe\"}}")]
    [InlineData("{\"data\":{\"de_rowid\":\"7\"}}")]
    [InlineData("{\"data\":{\"de_name\":{\"nested\":1}}}")]
    [InlineData("{\"data\":{\"de_name\":[1]}}")]
    [InlineData("{\"data\":{\"de_zip\":\"123456789012345\"}}")]
    [InlineData("{\"data\":{\"de_name\":\"a\",\"de_name\":\"b\"}}")]
    [InlineData("{\"data\":{\"de_name\":\"\\ud800\"}}")]
    [InlineData("{\"data\":[]}")]
    [InlineData("{\"data\":\"x\"}")]
    [InlineData("{\"data\":{\"de_name\":\"x\\u0000y\"}}")]
    [InlineData("{\"data\":")]
    [InlineData("[]")]
    public async Task BadCreatesAnswer400(string body)
    {
        var answer = await _api.PostAsync(Data + "debtor", body);
        Assert.Equal(400, answer.Status);
    }

    [Fact]
    public async Task TrailingCommasAsInTheVendorsExampleAreAccepted()
    {
        var id = await _api.CreateIdAsync("debtor", new { de_name = "Comma" });
        var answer = await _api.PatchAsync(Data + "debtor/" + id, "{\"data\":{\"de_type\":\"RET\",\"de_status\":\"NEW\",}}");
        Assert.Equal(200, answer.Status);
        Assert.Equal("RET", answer.Data.GetProperty("de_type").GetString());
    }

    [Fact]
    public async Task ReadsOneRowWithAllColumnsOrTheGivenFields()
    {
        var id = await _api.CreateIdAsync("debtor", new { de_name = "Reader", de_city = "Calgary" });

        var all = await _api.GetAsync($"{Data}debtor/{id}");
        Assert.Equal(200, all.Status);
        Assert.Equal("Reader", all.Data.GetProperty("de_name").GetString());
        Assert.Equal(37, all.Data.EnumerateObject().Count());

        var some = await _api.GetAsync($"{Data}debtor/{id}?fields=de_city");
        Assert.Equal(["de_rowid", "de_city"], some.Data.EnumerateObject().Select(p => p.Name).ToArray());

        Assert.Equal(404, (await _api.GetAsync($"{Data}debtor/987654321")).Status);
        Assert.Equal(404, (await _api.GetAsync($"{Data}nothing/1")).Status);
        Assert.Equal(400, (await _api.GetAsync($"{Data}debtor/abc")).Status);
        Assert.Equal(400, (await _api.GetAsync($"{Data}debtor/{id}?fields=de_nope")).Status);
    }

    [Fact]
    public async Task PatchSetsOnlyTheGivenColumnsAndAnswersTheWholeRow()
    {
        var id = await _api.CreateIdAsync("debtor", new { de_name = "Patch Me", de_city = "Regina", de_owing = "10" });
        var answer = await _api.PatchAsync($"{Data}debtor/{id}", new { data = new { de_status = "ACT", de_owing = "" } });

        Assert.Equal(200, answer.Status);
        Assert.Equal("ACT", answer.Data.GetProperty("de_status").GetString());
        Assert.Equal("", answer.Data.GetProperty("de_owing").GetString());
        Assert.Equal("Regina", answer.Data.GetProperty("de_city").GetString());
        Assert.Equal(37, answer.Data.EnumerateObject().Count());

        Assert.Equal(400, (await _api.PatchAsync($"{Data}debtor/{id}", new { data = new { de_rowid = "5" } })).Status);
        Assert.Equal(400, (await _api.PatchAsync($"{Data}debtor/{id}", new { data = new { de_nope = "5" } })).Status);
        Assert.Equal(400, (await _api.PatchAsync($"{Data}debtor/{id}", new { data = new { de_owing = "lots" } })).Status);
        Assert.Equal(400, (await _api.PatchAsync($"{Data}debtor/{id}", new { nodata = 1 })).Status);
        Assert.Equal(404, (await _api.PatchAsync($"{Data}debtor/987654321", new { data = new { de_city = "x" } })).Status);

        var unchanged = await _api.PatchAsync($"{Data}debtor/{id}", new { data = new { } });
        Assert.Equal(200, unchanged.Status);
        Assert.Equal("Regina", unchanged.Data.GetProperty("de_city").GetString());
    }

    [Fact]
    public async Task ConcurrentPatchesOfDifferentColumnsLoseNothing()
    {
        var id = await _api.CreateIdAsync("debtor", new { de_name = "Concurrent" });
        string[] columns =
        [
            "de_type", "de_status", "de_group_id", "de_contact", "de_generation", "de_address", "de_street_number", "de_addr_1",
            "de_city", "de_state", "de_zip", "de_country", "de_ssn", "de_dl", "de_home_phone", "de_work_phone",
            "de_cell_phone", "de_other_phone", "de_email", "de_poe",
        ];
        await _api.TokenAsync();
        var patches = columns.Select((column, i) => _api.PatchAsync($"{Data}debtor/{id}", new Dictionary<string, object>
        {
            ["data"] = new Dictionary<string, string> { [column] = "v" + i.ToString(CultureInfo.InvariantCulture) },
        }));
        var answers = await Task.WhenAll(patches);
        Assert.All(answers, a => Assert.Equal(200, a.Status));

        var row = (await _api.GetAsync($"{Data}debtor/{id}")).Data;
        for (var i = 0; i < columns.Length; i++)
            Assert.Equal("v" + i.ToString(CultureInfo.InvariantCulture), row.GetProperty(columns[i]).GetString());
        Assert.Equal("Concurrent", row.GetProperty("de_name").GetString());
    }

    [Fact]
    public async Task DeleteRemovesOneRowAndLeavesItsChildren()
    {
        var id = await _api.CreateIdAsync("debtor", new { de_name = "Doomed" });
        var contact = await _api.CreateIdAsync("contact", new { co_rowid_debtor = id.ToString(CultureInfo.InvariantCulture), co_description = "orphan to be" });

        var deleted = await _api.DeleteAsync($"{Data}debtor/{id}");
        Assert.Equal(200, deleted.Status);
        Assert.Equal(200, deleted.Body.GetProperty("status").GetInt32());
        Assert.Equal("debtor", deleted.Body.GetProperty("type").GetProperty("recId").GetString());
        Assert.Equal("de_rowid", deleted.Body.GetProperty("type").GetProperty("rowId").GetString());
        Assert.False(deleted.Body.TryGetProperty("data", out _));

        Assert.Equal(404, (await _api.GetAsync($"{Data}debtor/{id}")).Status);
        Assert.Equal(404, (await _api.DeleteAsync($"{Data}debtor/{id}")).Status);
        var child = await _api.GetAsync($"{Data}contact/{contact}");
        Assert.Equal(id.ToString(CultureInfo.InvariantCulture), child.Data.GetProperty("co_rowid_debtor").GetString());
    }

    [Fact]
    public async Task TheOperatorTableIsReadOnly()
    {
        Assert.Equal(200, (await _api.GetAsync(Data + "nx_operator/1")).Status);
        var create = await _api.PostAsync(Data + "nx_operator", new { data = new { op_id = "NEW" } });
        Assert.Equal(405, create.Status);
        Assert.Equal(405, (await _api.PatchAsync(Data + "nx_operator/1", new { data = new { op_name = "x" } })).Status);
        var delete = await _api.DeleteAsync(Data + "nx_operator/1");
        Assert.Equal(405, delete.Status);
        Assert.Equal(4, (await _api.GetAsync(Data + "nx_operator")).Body.GetProperty("type").GetProperty("numRecords").GetInt64());
    }

    [Fact]
    public async Task EachDatabaseHasItsOwnRows()
    {
        var id = await _api.CreateIdAsync("client", new { cl_name = "Demo Only" }, database: "cv_demodb");
        var there = await _api.GetAsync($"{Data}client?filter=cl_name='Demo Only'", "cv_demodb");
        var here = await _api.GetAsync($"{Data}client?filter=cl_name='Demo Only'");
        Assert.Equal(1, there.Body.GetProperty("type").GetProperty("numRecords").GetInt64());
        Assert.Equal(0, here.Body.GetProperty("type").GetProperty("numRecords").GetInt64());
        Assert.True(id > 0);
    }

    [Theory]
    [InlineData("PUT", "api/v1/collect/data/debtor", 405)]
    [InlineData("GET", "api/v1/collect/nothing", 404)]
    [InlineData("GET", "api/v1/collect/data/debtor/1/counts/more", 404)]
    [InlineData("GET", "websocket", 400)]
    public async Task RouteMissesAnswerTheErrorBody(string method, string path, int status)
    {
        var answer = await _api.SendAsync(new HttpMethod(method), path, (string?)null, await _api.TokenAsync(), null);
        Assert.Equal(status, answer.Status);
    }

    [Fact]
    public async Task TheRootDescribesTheServer()
    {
        var answer = await _api.SendAsync(HttpMethod.Get, "", (string?)null, null, null);
        Assert.Equal(200, answer.Status);
        Assert.Equal("/openapi.json", answer.Body.GetProperty("result").GetProperty("openapi").GetString());
    }
}
