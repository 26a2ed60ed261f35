using System;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace Collect.Runtime.Tests;

public sealed class RecordClientWriteTests(CollectTestServer server) : IClassFixture<CollectTestServer>
{
    private static readonly Contact Original = new()
    {
        RowId = 101,
        DebtorRowId = 7,
        Type = 5,
        Description = "Review file",
        Date = new DateOnly(2023, 1, 12),
        Amount = 12.50m,
        Done = false,
    };

    [Theory]
    [InlineData(BusinessLogic.InsertOnly, 0)]
    [InlineData(BusinessLogic.PreLogicOnly, 2)]
    [InlineData(BusinessLogic.PostLogicOnly, 3)]
    [InlineData(BusinessLogic.FullLogic, 4)]
    public async Task Create_posts_the_business_logic_mode_and_the_columns(BusinessLogic mode, int wire)
    {
        var (client, scope) = server.Client();
        var contact = new Contact { DebtorRowId = 7, Type = 5, Description = "It's \"new\" – é", Date = new DateOnly(2024, 2, 29), Done = true };

        var stored = await client.CreateAsync(contact, mode, CancellationToken.None);

        var request = scope.Single();
        Assert.Equal("POST", request.Method);
        Assert.Equal("api/v1/collect/data/contact", request.Path);
        Assert.StartsWith("application/json", request.Headers["content-type"], StringComparison.Ordinal);
        Assert.Equal(
            $$$"""{"business-logic":{{{wire}}},"data":{"co_rowid_debtor":"7","co_type":"5","co_description":"It's \"new\" – é","co_date":"2024-02-29","co_done":"1"}}""",
            request.Body);
        Assert.Equal(contact with { RowId = 501 }, stored);
    }

    [Fact]
    public async Task Staging_answers_the_staged_row_without_a_row_id()
    {
        var (client, scope) = server.Client();
        var contact = new Contact { DebtorRowId = 7, Description = "staged" };

        var staged = await client.CreateAsync(contact, BusinessLogic.PreLogicStaging, CancellationToken.None);

        using var body = JsonDocument.Parse(scope.Single().Body);
        Assert.Equal(1, body.RootElement.GetProperty("business-logic").GetInt32());
        Assert.Null(((ICollectRecord<Contact>)staged).RecordRowId);
        Assert.Equal(contact, staged);
    }

    [Fact]
    public async Task Create_without_a_row_in_the_answer_returns_the_record_as_sent()
    {
        var (client, _) = server.Client(_ => CannedResponse.Json("""{"status":200,"type":{"recId":"contact","rowId":"co_rowid"}}"""));
        var contact = new Contact { Description = "x" };

        var stored = await client.CreateAsync(contact, BusinessLogic.FullLogic, CancellationToken.None);

        Assert.Same(contact, stored);
    }

    [Fact]
    public async Task Create_refuses_an_unknown_business_logic_mode()
    {
        var (client, scope) = server.Client();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.CreateAsync(new Contact(), (BusinessLogic)5, CancellationToken.None));

        Assert.Empty(scope.Requests);
    }

    [Fact]
    public async Task Update_patches_only_the_changed_columns_and_sends_a_cleared_value_as_empty()
    {
        var (client, scope) = server.Client();
        var changed = Original with { Description = "Call back", Date = null };

        var updated = await client.UpdateAsync(Original, changed, CancellationToken.None);

        var request = scope.Single();
        Assert.Equal("PATCH", request.Method);
        Assert.Equal("api/v1/collect/data/contact/101", request.Path);
        Assert.Equal("""{"data":{"co_description":"Call back","co_date":""}}""", request.Body);
        // The server's answer is the whole row as stored.
        Assert.Equal(Original, updated);
    }

    [Fact]
    public async Task Update_without_changes_sends_nothing()
    {
        var (client, scope) = server.Client();
        var same = Original with { };

        var result = await client.UpdateAsync(Original, same, CancellationToken.None);

        Assert.Same(same, result);
        Assert.Empty(scope.Requests);
    }

    [Fact]
    public async Task Update_needs_the_original_row_id()
    {
        var (client, scope) = server.Client();
        var unsaved = Original with { RowId = null };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.UpdateAsync(unsaved, unsaved with { Type = 1 }, CancellationToken.None));
        Assert.Equal("original", error.ParamName);

        var moved = await Assert.ThrowsAsync<ArgumentException>(() => client.UpdateAsync(Original, Original with { RowId = 102 }, CancellationToken.None));
        Assert.Equal("changed", moved.ParamName);

        Assert.Empty(scope.Requests);
    }

    [Fact]
    public async Task Update_without_a_row_in_the_answer_returns_the_changed_row()
    {
        var (client, _) = server.Client(_ => CannedResponse.Json("""{"status":200,"type":{"recId":"contact","rowId":"co_rowid"}}"""));
        var changed = Original with { Type = 9 };

        var result = await client.UpdateAsync(Original, changed, CancellationToken.None);

        Assert.Same(changed, result);
    }

    [Fact]
    public async Task Delete_sends_delete_and_accepts_the_type_only_answer()
    {
        var (client, scope) = server.Client();

        await client.DeleteAsync<Contact>(101, CancellationToken.None);

        var request = scope.Single();
        Assert.Equal("DELETE", request.Method);
        Assert.Equal("api/v1/collect/data/contact/101", request.Path);
        Assert.Equal("", request.Body);
    }

    [Fact]
    public async Task Delete_accepts_an_empty_200()
    {
        var (client, _) = server.Client(_ => new CannedResponse(200, null));

        await client.DeleteAsync<Contact>(101, CancellationToken.None);
    }

    [Fact]
    public async Task Delete_of_a_missing_row_is_not_found()
    {
        var (client, _) = server.Client();

        var error = await Assert.ThrowsAsync<CollectNotFoundException>(() => client.DeleteAsync<Contact>(99, CancellationToken.None));

        Assert.Equal("contact 99 not found", error.ServerMessage);
        Assert.Equal("DELETE", error.Method);
    }
}
