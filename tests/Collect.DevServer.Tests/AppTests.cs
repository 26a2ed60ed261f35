using System;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using Collect.DevServer.Tests.Infrastructure;
using NSwag;
using Xunit;

namespace Collect.DevServer.Tests;

/// <summary>Counts and sub-records, forms, reports and the OpenAPI document.</summary>
[Collection(DevServerCollection.Name)]
public sealed class AppTests(DevServerFixture fixture)
{
    private readonly ApiClient _api = fixture.Api;

    [Fact]
    public async Task CountsAndSubRecordsFollowTheReferences()
    {
        var debtor = await _api.CreateIdAsync("debtor", new { de_name = "Parent" });
        var other = await _api.CreateIdAsync("debtor", new { de_name = "Other" });
        var id = debtor.ToString(CultureInfo.InvariantCulture);
        await _api.CreateAsync("contact", new { co_rowid_debtor = id, co_description = "b call", co_priority = "20" });
        await _api.CreateAsync("contact", new { co_rowid_debtor = id, co_description = "a review", co_priority = "3" });
        await _api.CreateAsync("contact", new { co_rowid_debtor = other.ToString(CultureInfo.InvariantCulture), co_description = "not mine" });
        await _api.CreateAsync("de_transaction", new { tr_rowid_debtor = id, tr_to_us = "25.00" });

        var counts = await _api.GetAsync($"api/v1/collect/data/debtor/{id}/counts");
        Assert.Equal(200, counts.Status);
        Assert.Equal("debtor", counts.Body.GetProperty("type").GetProperty("recId").GetString());
        var byTable = counts.Data.EnumerateArray().ToDictionary(e => e.GetProperty("recId").GetString()!, e => e.GetProperty("numRecords").GetInt64());
        Assert.Equal(2, byTable["contact"]);
        Assert.Equal(1, byTable["de_transaction"]);
        Assert.Equal(0, byTable["attachment"]);
        Assert.Equal(0, byTable["cosigner"]);

        var contacts = await _api.GetAsync($"api/v1/collect/data/debtor/{id}/contact?sort=co_priority&fields=co_description");
        Assert.Equal(200, contacts.Status);
        Assert.Equal("contact", contacts.Body.GetProperty("type").GetProperty("recId").GetString());
        Assert.Equal("co_rowid", contacts.Body.GetProperty("type").GetProperty("rowId").GetString());
        Assert.Equal(2, contacts.Body.GetProperty("type").GetProperty("numRecords").GetInt64());
        Assert.Equal(["a review", "b call"], ApiClient.Column(contacts, "co_description"));

        var filtered = await _api.GetAsync($"api/v1/collect/data/debtor/{id}/contact?filter=co_priority__gt=5&limit=1&page=1");
        Assert.Equal(["b call"], ApiClient.Column(filtered, "co_description"));

        Assert.Equal(404, (await _api.GetAsync($"api/v1/collect/data/debtor/{id}/client")).Status);
        Assert.Equal(404, (await _api.GetAsync($"api/v1/collect/data/debtor/{id}/nothing")).Status);
        Assert.Equal(404, (await _api.GetAsync("api/v1/collect/data/debtor/987654/contact")).Status);
        Assert.Equal(404, (await _api.GetAsync("api/v1/collect/data/debtor/987654/counts")).Status);
        Assert.Equal(400, (await _api.GetAsync($"api/v1/collect/data/debtor/{id}/contact?filter=de_name=x")).Status);

        var client = await _api.CreateIdAsync("client", new { cl_name = "Has debtors" });
        await _api.PatchAsync($"api/v1/collect/data/debtor/{id}", new { data = new { de_rowid_client = client.ToString(CultureInfo.InvariantCulture) } });
        var debtors = await _api.GetAsync($"api/v1/collect/data/client/{client}/debtor");
        Assert.Equal(["Parent"], ApiClient.Column(debtors, "de_name"));
    }

    [Fact]
    public async Task TheScheduleNextContactFormHasItsFieldsAndButtons()
    {
        var answer = await _api.GetAsync("api/v1/collect/ui/forms/35D01FF2-775D-CCB4-8F53-25D36F517384");
        Assert.Equal(200, answer.Status);
        var form = answer.Body.GetProperty("result");
        Assert.Equal("ScheduleNextContact", form.GetProperty("name").GetString());
        Assert.Equal("35d01ff2-775d-ccb4-8f53-25d36f517384", form.GetProperty("id").GetString());
        Assert.True(form.GetProperty("width").GetInt32() > 0);
        Assert.True(form.GetProperty("height").GetInt32() > 0);
        Assert.True(form.TryGetProperty("rights", out _));
        var fields = form.GetProperty("fields").EnumerateArray().ToList();
        Assert.Equal(["co_type", "co_description", "co_priority", "co_who", "co_date", "co_originator", "co_creation_date", "co_creation_time", "co_who_from", "co_lock"],
            fields.Select(f => f.GetProperty("name").GetString()!).ToArray());
        var description = fields[1];
        Assert.Equal("Description", description.GetProperty("label").GetString());
        Assert.Equal("string", description.GetProperty("type").GetString());
        Assert.Equal(79, description.GetProperty("length").GetInt32());
        Assert.False(description.GetProperty("readOnly").GetBoolean());
        Assert.True(fields[6].GetProperty("readOnly").GetBoolean());
        Assert.Equal("Creation Date", fields[6].GetProperty("label").GetString());
        Assert.Equal("date", fields[6].GetProperty("type").GetString());
        var buttons = form.GetProperty("buttons").EnumerateArray().Select(b => (b.GetProperty("name").GetString(), b.GetProperty("value").GetInt32())).ToArray();
        Assert.Equal([("Ok", 4631), ("Cancel", 4632)], buttons);

        Assert.Equal(404, (await _api.GetAsync("api/v1/collect/ui/forms/00000000-0000-0000-0000-000000000000")).Status);
    }

    [Fact]
    public async Task ReportsListRowsAsSvgAndCsv()
    {
        var a = await _api.CreateIdAsync("debtor", new { de_name = "Report, \"Quoted\"", de_city = "<Edmonton>" });
        var b = await _api.CreateIdAsync("debtor", new { de_name = "Second" });
        var answer = await _api.PostAsync("api/v1/collect/app/report", new { report = "Debtor list", starton = "debtor", rowid = new object[] { b, a.ToString(CultureInfo.InvariantCulture) }, destination = "SVG,CSV", showmargins = true });

        Assert.Equal(200, answer.Status);
        var result = answer.Body.GetProperty("result");
        var csv = result.GetProperty("CSV").GetString()!;
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("de_rowid,de_rowid_client,de_number,", lines[0], StringComparison.Ordinal);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith(b.ToString(CultureInfo.InvariantCulture) + ",", lines[1], StringComparison.Ordinal);
        Assert.Contains("\"Report, \"\"Quoted\"\"\"", lines[2], StringComparison.Ordinal);

        var svg = result.GetProperty("SVG").GetString()!;
        Assert.StartsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"", svg, StringComparison.Ordinal);
        Assert.EndsWith("</svg>", svg, StringComparison.Ordinal);
        Assert.Contains("Debtor list", svg, StringComparison.Ordinal);
        Assert.Contains("&lt;Edmonton&gt;", svg, StringComparison.Ordinal);
        Assert.DoesNotContain("<Edmonton>", svg, StringComparison.Ordinal);
        System.Xml.Linq.XDocument.Parse(svg);

        var svgOnly = await _api.PostAsync("api/v1/collect/app/report", new { starton = "debtor", rowid = new[] { a } });
        Assert.Equal(["SVG"], svgOnly.Body.GetProperty("result").EnumerateObject().Select(p => p.Name).ToArray());
    }

    [Theory]
    [InlineData("{\"rowid\":[1]}", 400)]
    [InlineData("{\"starton\":\"nothing\",\"rowid\":[1]}", 400)]
    [InlineData("{\"starton\":\"debtor\"}", 400)]
    [InlineData("{\"starton\":\"debtor\",\"rowid\":1}", 400)]
    [InlineData("{\"starton\":\"debtor\",\"rowid\":[]}", 400)]
    [InlineData("{\"starton\":\"debtor\",\"rowid\":[\"x\"]}", 400)]
    [InlineData("{\"starton\":\"debtor\",\"rowid\":[1],\"destination\":\"PDF\"}", 400)]
    [InlineData("{\"starton\":\"debtor\",\"rowid\":[987654]}", 404)]
    public async Task BadReportsAnswer4xx(string body, int status)
    {
        Assert.Equal(status, (await _api.PostAsync("api/v1/collect/app/report", body)).Status);
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesEveryEndpointWithBearerAndTheDatabaseHeader()
    {
        var answer = await _api.SendAsync(HttpMethod.Get, "openapi.json", (string?)null, null, null);
        Assert.Equal(200, answer.Status);
        var document = await OpenApiDocument.FromJsonAsync(answer.Text);

        Assert.StartsWith("3.", document.OpenApi, StringComparison.Ordinal);
        Assert.Contains("Bearer", document.SecurityDefinitions.Keys);
        foreach (var table in new[] { "debtor", "client", "contact", "nx_operator", "de_transaction", "attachment", "cl_attachment", "cosigner", "contact_plan", "application_form" })
        {
            Assert.Contains($"/api/v1/collect/data/{table}", document.Paths.Keys);
            Assert.Contains($"/api/v1/collect/data/{table}/{{rowid}}", document.Paths.Keys);
            Assert.Contains($"/api/v1/collect/data/{table}/{{rowid}}/counts", document.Paths.Keys);
            Assert.Contains(table.Replace("_", "", StringComparison.Ordinal), document.Definitions.Keys.Select(k => k.ToLowerInvariant()));
        }
        Assert.Contains("/api/v1/collect/data/debtor/{rowid}/contact", document.Paths.Keys);
        Assert.Contains("/api/v1/collect/data/client/{rowid}/debtor", document.Paths.Keys);
        foreach (var path in new[] { "/api/v1/auth/login", "/api/v1/auth/refresh", "/api/v1/collect/app/report", "/api/v1/collect/app/runplan", "/api/v1/collect/app/upload", "/api/v1/collect/app/download", "/api/v1/collect/ui/forms/{formid}" })
            Assert.Contains(path, document.Paths.Keys);

        var operations = document.Paths.SelectMany(p => p.Value.Select(o => (Path: p.Key, Operation: o.Value))).ToList();
        Assert.True(operations.Count > 70);
        foreach (var (path, operation) in operations)
        {
            Assert.Contains(operation.Parameters, p => p.Name == "x-collect-database" && p.Kind == OpenApiParameterKind.Header);
            if (!path.StartsWith("/api/v1/auth/", StringComparison.Ordinal))
                Assert.Contains(operation.Security, s => s.ContainsKey("Bearer"));
            Assert.False(string.IsNullOrEmpty(operation.OperationId));
        }
        Assert.Equal(operations.Count, operations.Select(o => o.Operation.OperationId).Distinct().Count());
    }

    [Fact]
    public async Task TheSwaggerUiIsServedWithoutACdn()
    {
        var page = await _api.Http.GetStringAsync("swagger/index.html");
        Assert.Contains("swagger-ui", page, StringComparison.Ordinal);
        Assert.DoesNotContain("src=\"http", page, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"http", page, StringComparison.Ordinal);
        var bundle = await _api.Http.GetAsync("swagger/swagger-ui-bundle.js");
        Assert.Equal(200, (int)bundle.StatusCode);
        using var plain = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = fixture.Host.BaseAddress };
        using var redirect = await plain.GetAsync("swagger");
        Assert.Contains("openapi.json", redirect.Headers.Location?.ToString() ?? "", StringComparison.Ordinal);
    }
}
