using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Collect.Runtime.Tests.Auth;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace Collect.Runtime.Tests;

/// <summary>Cancelling <see cref="CollectRepository{T}.ListAllAsync"/> between pages and while a page is on its way.</summary>
public sealed class ListAllCancellationTests(FakeCollectServer server) : IClassFixture<FakeCollectServer>
{
    private static readonly TimeSpan Safety = TimeSpan.FromSeconds(30);

    // Three pages of two contacts; page holdPage (if any) is held until the client gives up, and its arrival signalled.
    private static FakeCollect Pages(FakeCollectServer server, int holdPage, TaskCompletionSource? held)
    {
        var fake = server.Tenant();
        fake.Intercept = async (context, path) =>
        {
            if (path != "api/v1/collect/data/contact" || context.Request.Method != "GET") return false;
            var page = int.Parse(context.Request.Query["page"].ToString(), System.Globalization.CultureInfo.InvariantCulture);
            if (page == holdPage)
            {
                held!.TrySetResult();
                try
                {
                    await Task.Delay(Timeout.Infinite, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                }
                return true;
            }
            await FakeCollect.Json(context, 200,
                $$"""{"status":200,"type":{"numRecords":6,"numPages":3},"data":[{"co_rowid":"{{page}}1"},{"co_rowid":"{{page}}2"}]}""");
            return true;
        };
        return fake;
    }

    [Fact]
    public async Task Cancelling_after_the_first_page_arrived_stops_before_the_next_row_and_asks_for_no_more_pages()
    {
        var fake = Pages(server, holdPage: 0, held: null);
        using var connection = Connection.Open(fake);
        var contacts = new ContactRepository(connection.Records);
        using var cancellation = new CancellationTokenSource();

        var rows = new List<long>();
        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var row in contacts.ListAllAsync(new CollectQuery { Limit = 2 }, cancellation.Token))
            {
                rows.Add(row.RowId!.Value.Value);
                cancellation.Cancel(); // the first page is in hand
            }
        });

        Assert.Equal(cancellation.Token, error.CancellationToken);
        Assert.Equal([11L], rows);
        Assert.Single(fake.To("data/contact"));
    }

    [Fact]
    public async Task Cancelling_through_WithCancellation_works_the_same()
    {
        var fake = Pages(server, holdPage: 0, held: null);
        using var connection = Connection.Open(fake);
        var contacts = new ContactRepository(connection.Records);
        using var cancellation = new CancellationTokenSource();

        var rows = new List<long>();
        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var row in contacts.ListAllAsync(new CollectQuery { Limit = 2 }).WithCancellation(cancellation.Token))
            {
                rows.Add(row.RowId!.Value.Value);
                if (rows.Count == 2) cancellation.Cancel(); // the end of the first page
            }
        });

        Assert.Equal(cancellation.Token, error.CancellationToken);
        Assert.Equal([11L, 12L], rows);
        Assert.Single(fake.To("data/contact"));
    }

    [Fact]
    public async Task Cancelling_while_the_next_page_is_on_its_way_cancels_its_request()
    {
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var fake = Pages(server, holdPage: 2, held);
        using var connection = Connection.Open(fake);
        var contacts = new ContactRepository(connection.Records);
        using var cancellation = new CancellationTokenSource();

        var enumerator = contacts.ListAllAsync(new CollectQuery { Limit = 2 }, cancellation.Token).GetAsyncEnumerator();
        try
        {
            Assert.True(await enumerator.MoveNextAsync());
            Assert.True(await enumerator.MoveNextAsync());
            var next = enumerator.MoveNextAsync().AsTask(); // asks for page 2, which the server holds
            await held.Task.WaitAsync(Safety);
            cancellation.Cancel();

            var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next).WaitAsync(Safety);
            Assert.Equal(cancellation.Token, error.CancellationToken);
            Assert.Equal(2, fake.To("data/contact").Count);
        }
        finally
        {
            await enumerator.DisposeAsync();
        }
    }
}
