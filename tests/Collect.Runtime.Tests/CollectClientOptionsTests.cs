using System;
using System.Net.Http;
using System.Threading;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace Collect.Runtime.Tests;

public sealed class CollectClientOptionsTests
{
    [Fact]
    public void A_missing_base_address_is_a_clear_error()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new CollectClientOptions().Validate());

        Assert.Contains("BaseAddress", error.Message, StringComparison.Ordinal);
        Assert.Contains("missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_relative_base_address_is_a_clear_error()
    {
        var options = new CollectClientOptions { BaseAddress = new Uri("api/v1/", UriKind.Relative) };

        var error = Assert.Throws<InvalidOperationException>(options.Validate);

        Assert.Contains("relative", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ftp://example.com/")]
    [InlineData("https://example.com/?db=x")]
    public void A_base_address_that_is_no_plain_http_address_is_refused(string address)
    {
        var options = new CollectClientOptions { BaseAddress = new Uri(address) };

        Assert.Throws<InvalidOperationException>(options.Validate);
    }

    [Fact]
    public void The_client_validates_its_options()
    {
        using var http = new HttpClient();

        Assert.Throws<InvalidOperationException>(() => new CollectRecordClient(http, new CollectClientOptions()));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("demodb", "cv_demodb")]
    [InlineData("cv_demodb", "cv_demodb")]
    [InlineData("CV_Demo", "CV_Demo")]
    [InlineData("masterdb", "cv_masterdb")]
    public void The_database_header_value_carries_the_cv_prefix_once(string? database, string? header)
    {
        var options = new CollectClientOptions { BaseAddress = new Uri("https://api.example.com/"), Database = database };

        options.Validate();

        Assert.Equal(header, options.DatabaseHeaderValue);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("cv_")]
    [InlineData("demo db")]
    [InlineData("demo\r\nx-other: 1")]
    [InlineData("démo")]
    public void A_database_name_that_cannot_be_a_header_value_is_refused(string database)
    {
        var options = new CollectClientOptions { BaseAddress = new Uri("https://api.example.com/"), Database = database };

        var error = Assert.Throws<InvalidOperationException>(options.Validate);

        Assert.Contains("Database", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void List_parameters_need_distinct_names()
    {
        var empty = new CollectClientOptions { BaseAddress = new Uri("https://api.example.com/"), LimitParameter = "" };
        var twice = new CollectClientOptions { BaseAddress = new Uri("https://api.example.com/"), PageParameter = "limit" };

        Assert.Contains("LimitParameter", Assert.Throws<InvalidOperationException>(empty.Validate).Message, StringComparison.Ordinal);
        Assert.Contains("PageParameter", Assert.Throws<InvalidOperationException>(twice.Validate).Message, StringComparison.Ordinal);
    }
}

public sealed class ResponseLimitTests(CollectTestServer server) : IClassFixture<CollectTestServer>
{
    [Fact]
    public async Task An_answer_larger_than_the_limit_is_refused_unread()
    {
        var rows = string.Join(",", Enumerable.Range(1, 200).Select(i => $$"""{"co_rowid":"{{i}}"}"""));
        var (client, _) = server.Client(_ => CannedResponse.Json($$"""{"status":200,"data":[{{rows}}]}"""), options => options.MaxResponseBytes = 1024);

        var error = await Assert.ThrowsAsync<CollectApiException>(() => client.ListAsync<Contact>(null, CancellationToken.None));

        Assert.Equal(200, error.StatusCode);
        Assert.Contains("MaxResponseBytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_large_answer_within_the_limit_is_read_whole()
    {
        var rows = string.Join(",", Enumerable.Range(1, 1000).Select(i => $$"""{"co_rowid":"{{i}}","co_description":"{{new string('d', 100)}}"}"""));
        var (client, _) = server.Client(_ => CannedResponse.Json($$"""{"status":200,"type":{"numRecords":1000,"numPages":1},"data":[{{rows}}]}"""));

        var page = await client.ListAsync<Contact>(null, CancellationToken.None);

        Assert.Equal(1000, page.Rows.Count);
        Assert.Equal(1000, page.Rows[^1].RowId!.Value.Value);
    }
}
