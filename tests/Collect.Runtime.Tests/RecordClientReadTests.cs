using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace Collect.Runtime.Tests;

public sealed class RecordClientReadTests(CollectTestServer server) : IClassFixture<CollectTestServer>
{
    private static readonly FilterColumn<string> Description = new("co_description");
    private static readonly FilterColumn<int> Type = new("co_type");
    private static readonly SortColumn Date = new("co_date");
    private static readonly SortColumn TypeSort = new("co_type");

    [Fact]
    public async Task List_reads_rows_and_counts_from_the_envelope()
    {
        var (client, scope) = server.Client();

        var page = await client.ListAsync<Contact>(null, CancellationToken.None);

        var request = scope.Single();
        Assert.Equal("GET", request.Method);
        Assert.Equal("api/v1/collect/data/contact", request.Path);
        Assert.Equal("", request.RawQuery);
        Assert.Equal(2, page.NumRecords);
        Assert.Equal(1, page.NumPages);
        Assert.Equal(2, page.Rows.Count);
        Assert.Equal(new Contact
        {
            RowId = 101,
            DebtorRowId = 7,
            Type = 5,
            Description = "Review file",
            Date = new DateOnly(2023, 1, 12),
            Amount = 12.50m,
            Done = false,
        }, page.Rows[0]);
        // Bare numbers and empty strings ("no value") in the second row.
        Assert.Equal(new Contact { RowId = 102, DebtorRowId = 7, Type = 30, Amount = 3, Done = true }, page.Rows[1]);
    }

    [Fact]
    public async Task List_sends_every_query_parameter_url_encoded()
    {
        var (client, scope) = server.Client();
        var query = new CollectQuery
        {
            Filter = Description.Eq("a,b 'q' 50% #1 é") & Type.In(1, 2),
            Fields = ["co_description", "co_date"],
            Sort = [Date.Descending, TypeSort],
            Limit = 50,
            Page = 3,
        };

        await client.ListAsync<Contact>(query, CancellationToken.None);

        var request = scope.Single();
        // Hand-encoded: = %3D, ' %27, , %2C, space %20, % %25, # %23, é %C3%A9, ( %28, ) %29.
        Assert.Equal(
            "?filter=co_description%3D%27a%2Cb%20%27%27q%27%27%2050%25%20%231%20%C3%A9%27%2Cco_type__in%3D%281%2C2%29" +
            "&fields=co_rowid,co_description,co_date&sort=-co_date,co_type&limit=50&page=3",
            request.RawQuery);
        Assert.Equal("co_description='a,b ''q'' 50% #1 é',co_type__in=(1,2)", Assert.Single(request.Query["filter"]));
        Assert.Equal(query.Filter.ToString(), Assert.Single(request.Query["filter"]));
    }

    [Fact]
    public async Task Fields_that_name_the_row_id_are_sent_as_given()
    {
        var (client, scope) = server.Client();

        await client.ListAsync<Contact>(new CollectQuery { Fields = ["co_date", "co_rowid"] }, CancellationToken.None);

        Assert.Equal("?fields=co_date,co_rowid", scope.Single().RawQuery);
    }

    [Fact]
    public async Task Parameter_names_and_data_path_follow_the_options()
    {
        var (client, scope) = server.Client(
            _ => CannedResponse.Json(CannedCollect.ContactList),
            options =>
            {
                options.DataPath = "/api/v1/data/";
                options.FilterParameter = "q";
                options.FieldsParameter = "columns";
                options.SortParameter = "order";
                options.LimitParameter = "Limit";
                options.PageParameter = "Page";
            });
        var query = new CollectQuery { Filter = Type.Gte(3), Fields = ["co_type"], Sort = [TypeSort], Limit = 10, Page = 2 };

        await client.ListAsync<Contact>(query, CancellationToken.None);

        var request = scope.Single();
        Assert.Equal("api/v1/data/contact", request.Path);
        Assert.Equal("?q=co_type__gte%3D3&columns=co_rowid,co_type&order=co_type&Limit=10&Page=2", request.RawQuery);
    }

    [Fact]
    public async Task A_base_address_without_trailing_slash_keeps_its_last_segment()
    {
        var scope = server.Scope();
        var trimmed = new Uri(scope.BaseAddress.AbsoluteUri.TrimEnd('/'));
        var client = new CollectRecordClient(server.Http, new CollectClientOptions { BaseAddress = trimmed });

        await client.GetAsync<Contact>(101, CancellationToken.None);

        Assert.Equal("api/v1/collect/data/contact/101", scope.Single().Path);
    }

    [Fact]
    public async Task List_accepts_a_single_object_where_an_array_is_expected()
    {
        var (client, _) = server.Client(_ => CannedResponse.Json("""
            {"status":"200","type":{"recId":"contact","rowId":"co_rowid","numRecords":1,"numPages":"1"},
             "data":{"co_rowid":"9","co_description":"only one"}}
            """));

        var page = await client.ListAsync<Contact>(null, CancellationToken.None);

        var row = Assert.Single(page.Rows);
        Assert.Equal(new Contact { RowId = 9, Description = "only one" }, row);
        Assert.Equal(1, page.NumRecords);
        Assert.Equal(1, page.NumPages);
    }

    [Theory]
    [InlineData("""{"status":200,"type":{"numRecords":0,"numPages":0},"data":[]}""")]
    [InlineData("""{"status":200,"type":{"numRecords":"0","numPages":"0"},"data":{}}""")]
    [InlineData("""{"status":200,"type":{"numRecords":0,"numPages":0},"data":null}""")]
    [InlineData("""{"type":{"numRecords":0,"numPages":0},"status":200}""")]
    public async Task List_reads_an_empty_answer_as_no_rows(string body)
    {
        var (client, _) = server.Client(_ => CannedResponse.Json(body));

        var page = await client.ListAsync<Contact>(null, CancellationToken.None);

        Assert.Empty(page.Rows);
        Assert.Equal(0, page.NumRecords);
        Assert.Equal(0, page.NumPages);
    }

    [Fact]
    public async Task List_reads_members_in_any_order_and_tolerates_trailing_commas()
    {
        var (client, _) = server.Client(_ => CannedResponse.Json("""
            {"data":[{"co_rowid":"1",},{"co_rowid":"2"},],"extra":{"x":[1,{"y":2}]},"type":{"numPages":4,"numRecords":7,},"status":200,}
            """));

        var page = await client.ListAsync<Contact>(new CollectQuery { Page = 2, Limit = 2 }, CancellationToken.None);

        Assert.Equal([1L, 2L], page.Rows.Select(r => r.RowId!.Value.Value));
        Assert.Equal(7, page.NumRecords);
        Assert.Equal(4, page.NumPages);
    }

    [Fact]
    public async Task Get_reads_one_row()
    {
        var (client, scope) = server.Client();

        var contact = await client.GetAsync<Contact>(101, CancellationToken.None);

        Assert.Equal("api/v1/collect/data/contact/101", scope.Single().Path);
        Assert.Equal(101, contact.RowId!.Value.Value);
        Assert.Equal("Review file", contact.Description);
    }

    [Fact]
    public async Task Get_accepts_an_array_holding_the_row()
    {
        var (client, _) = server.Client(_ => CannedResponse.Json("""{"status":200,"data":[{"co_rowid":"5","co_type":"1"}]}"""));

        var contact = await client.GetAsync<Contact>(5, CancellationToken.None);

        Assert.Equal(new Contact { RowId = 5, Type = 1 }, contact);
    }

    [Fact]
    public async Task Get_of_an_answer_without_a_row_is_an_api_exception()
    {
        var (client, _) = server.Client(_ => CannedResponse.Json("""{"status":200,"data":[]}"""));

        var error = await Assert.ThrowsAsync<CollectApiException>(() => client.GetAsync<Contact>(5, CancellationToken.None));

        Assert.Equal(200, error.StatusCode);
        Assert.Contains("no row", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Counts_reads_each_child_table()
    {
        var (client, scope) = server.Client();

        var counts = await client.CountsAsync<Debtor>(7, CancellationToken.None);

        Assert.Equal("api/v1/collect/data/debtor/7/counts", scope.Single().Path);
        Assert.Equal(
            [new RecordCount("contact", 12), new RecordCount("de_transaction", 3), new RecordCount("attachment", 0)],
            counts);
    }

    [Theory]
    [InlineData("""{"status":200,"data":{"recId":"contact","numRecords":"12"}}""")]
    [InlineData("""{"status":200,"data":{"contact":12,"de_transaction":"3"}}""")]
    public async Task Counts_accept_an_object_where_an_array_is_expected(string body)
    {
        var (client, _) = server.Client(_ => CannedResponse.Json(body));

        var counts = await client.CountsAsync<Debtor>(7, CancellationToken.None);

        Assert.Equal(new RecordCount("contact", 12), counts[0]);
    }

    [Fact]
    public async Task Sub_records_are_read_below_the_parent_row_with_the_list_parameters()
    {
        var (client, scope) = server.Client();
        var debtors = new DebtorRepository(client);

        var page = await debtors.ContactsAsync(7, new CollectQuery { Fields = ["co_type"], Limit = 5 });

        var request = scope.Single();
        Assert.Equal("api/v1/collect/data/debtor/7/contact", request.Path);
        Assert.Equal("?fields=co_rowid,co_type&limit=5", request.RawQuery);
        Assert.Equal(2, page.Rows.Count);
        Assert.All(page.Rows, row => Assert.Equal(7, row.DebtorRowId!.Value.Value));
    }

    [Fact]
    public async Task ListAll_reads_page_after_page()
    {
        var (client, scope) = server.Client(request =>
        {
            var page = int.Parse(request.Query["page"][0], System.Globalization.CultureInfo.InvariantCulture);
            return CannedResponse.Json($$"""{"status":200,"type":{"numRecords":3,"numPages":2},"data":[{"co_rowid":"{{page}}1"}{{(page == 1 ? ",{\"co_rowid\":\"12\"}" : "")}}]}""");
        });
        var contacts = new ContactRepository(client);

        var rows = new List<Contact>();
        await foreach (var row in contacts.ListAllAsync(new CollectQuery { Limit = 2 })) rows.Add(row);

        Assert.Equal([11L, 12L, 21L], rows.Select(r => r.RowId!.Value.Value));
        Assert.Equal(["?limit=2&page=1", "?limit=2&page=2"], scope.Requests.Select(r => r.RawQuery));
    }

    [Theory]
    [InlineData("demodb", "cv_demodb")]
    [InlineData("cv_demodb", "cv_demodb")]
    [InlineData(" demodb ", "cv_demodb")]
    public async Task The_database_header_names_the_cv_database(string database, string header)
    {
        var (client, scope) = server.Client(configure: options => options.Database = database);

        await client.ListAsync<Contact>(null, CancellationToken.None);
        await client.DeleteAsync<Contact>(101, CancellationToken.None);

        Assert.All(scope.Requests, request => Assert.Equal(header, request.Headers["x-collect-database"]));
    }

    [Fact]
    public async Task No_database_sends_no_database_header()
    {
        var (client, scope) = server.Client();

        await client.ListAsync<Contact>(null, CancellationToken.None);

        Assert.False(scope.Single().Headers.ContainsKey("x-collect-database"));
    }

    [Fact]
    public async Task Invalid_query_values_are_refused_before_sending()
    {
        var (client, scope) = server.Client();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.ListAsync<Contact>(new CollectQuery { Limit = 0 }, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.ListAsync<Contact>(new CollectQuery { Page = 0 }, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => client.ListAsync<Contact>(new CollectQuery { Fields = [""] }, CancellationToken.None));

        Assert.Empty(scope.Requests);
    }

    [Fact]
    public async Task A_cancelled_token_cancels_the_call()
    {
        var (client, _) = server.Client();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.ListAsync<Contact>(null, new CancellationToken(canceled: true)));
    }
}
