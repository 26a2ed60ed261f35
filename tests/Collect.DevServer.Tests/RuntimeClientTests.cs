using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading.Tasks;
using Collect.DevServer.Tests.Generated;
using Collect.DevServer.Tests.Infrastructure;
using Collect.Runtime;
using Xunit;

namespace Collect.DevServer.Tests;

/// <summary>The generated types and the runtime's record client against the dev server, as an application uses them.</summary>
[Collection(DevServerCollection.Name)]
public sealed class RuntimeClientTests(DevServerFixture fixture) : IDisposable
{
    private readonly HttpClient _http = new();

    public void Dispose() => _http.Dispose();

    private async Task<TestDb> OpenAsync()
    {
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await fixture.Api.TokenAsync());
        return new TestDb(new CollectRecordClient(_http, new CollectClientOptions { BaseAddress = fixture.Host.BaseAddress }));
    }

    [Fact]
    public async Task TypedCrudFiltersAndSubRecordsWork()
    {
        var db = await OpenAsync();
        var created = await db.Debtors.CreateAsync(new Debtor { Name = "Typed, \"Client\"", Owing = 1250.75m, Dob = new DateOnly(1979, 5, 4), GroupId = "typed" }, BusinessLogic.FullLogic);
        Assert.NotNull(created.RowId);
        Assert.Equal("NEW", created.Status);
        Assert.NotNull(created.Number);

        var staged = await db.Debtors.CreateAsync(new Debtor { Name = "Staged only" }, BusinessLogic.PreLogicStaging);
        Assert.Null(staged.RowId);

        var page = await db.Debtors.ListAsync(new CollectQuery
        {
            Filter = Debtor.Filter.GroupId.Eq("typed") & Debtor.Filter.Owing.Gt(1000m) & Debtor.Filter.Dob.Lt(new DateOnly(1980, 1, 1)),
            Sort = [Debtor.Sort.Number.Descending],
            Limit = 10,
        });
        var read = Assert.Single(page.Rows);
        Assert.Equal(created.RowId, read.RowId);
        Assert.Equal(1250.75m, read.Owing);
        Assert.Equal(1, page.NumRecords);

        var updated = await db.Debtors.UpdateAsync(read, read with { Status = "ACT", City = "Halifax" });
        Assert.Equal("ACT", updated.Status);
        Assert.Equal("Halifax", updated.City);
        Assert.Equal("Typed, \"Client\"", updated.Name);

        var contact = await db.Contacts.CreateAsync(new Contact { RowIdDebtor = created.RowId, Description = "typed contact", Date = new DateOnly(2026, 3, 20) }, BusinessLogic.FullLogic);
        Assert.Equal(new DateOnly(2026, 3, 14), contact.CreationDate);
        var contacts = await db.Debtors.ListContactsAsync(created.RowId!.Value);
        Assert.Equal("typed contact", Assert.Single(contacts.Rows).Description);
        var counts = await db.Debtors.CountsAsync(created.RowId.Value);
        Assert.Equal(1, counts.Single(c => c.Table == "contact").NumRecords);

        var operators = await db.Operators.ListAsync();
        Assert.Equal(["OWN", "SYS", "MGR", "SC"], operators.Rows.Select(o => o.Id!).ToArray());

        await db.Debtors.DeleteAsync(created.RowId.Value);
        await Assert.ThrowsAsync<CollectNotFoundException>(() => db.Debtors.GetAsync(created.RowId.Value));
    }

    [Fact]
    public async Task ListAllPagesThroughEveryRow()
    {
        var db = await OpenAsync();
        for (var i = 0; i < 7; i++)
            await db.Clients.CreateAsync(new Client { Name = "Paged " + i.ToString(System.Globalization.CultureInfo.InvariantCulture), City = "paging-city" });
        var names = new List<string?>();
        await foreach (var client in db.Clients.ListAllAsync(new CollectQuery { Filter = Client.Filter.City.Eq("paging-city"), Limit = 3, Sort = [Client.Sort.Name.Descending] }))
            names.Add(client.Name);
        Assert.Equal(Enumerable.Range(0, 7).Reverse().Select(i => "Paged " + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList(), names.Select(n => n!).ToList());
    }

    [Fact]
    public async Task ServerErrorsBecomeTheRuntimesExceptions()
    {
        var db = await OpenAsync();
        await Assert.ThrowsAsync<CollectBadRequestException>(() => db.Debtors.ListAsync(new CollectQuery { Filter = new FilterColumn<string>("de_owing").Gt("many") }));
        var api = await Assert.ThrowsAnyAsync<CollectApiException>(() => db.Operators.CreateAsync(new Operator { Id = "NEW" }));
        Assert.Equal(405, api.StatusCode);
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "garbage");
        await Assert.ThrowsAsync<CollectAuthenticationException>(() => db.Debtors.ListAsync());
    }
}
