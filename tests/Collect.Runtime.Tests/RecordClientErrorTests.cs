using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace Collect.Runtime.Tests;

public sealed class RecordClientErrorTests(CollectTestServer server) : IClassFixture<CollectTestServer>
{
    private const string Token = "eyJhbGciOiJIUzI1NiJ9.c2VjcmV0LXBheWxvYWQ.s3cr3t-S1GNATURE";

    [Theory]
    [InlineData(400, typeof(CollectBadRequestException))]
    [InlineData(401, typeof(CollectAuthenticationException))]
    [InlineData(404, typeof(CollectNotFoundException))]
    [InlineData(405, typeof(CollectMethodNotAllowedException))]
    [InlineData(408, typeof(CollectPromptTimeoutException))]
    [InlineData(409, typeof(CollectConflictException))]
    [InlineData(500, typeof(CollectApiException))]
    public async Task Failure_statuses_map_to_the_exception_family(int status, Type expected)
    {
        var (client, _) = server.Client(_ => CannedCollect.Error(status, "Something went wrong: unknown column 'co_x'."));
        var query = new CollectQuery { Filter = new FilterColumn<string>("co_description").Eq("private value") };

        var error = await Assert.ThrowsAnyAsync<CollectApiException>(() => client.ListAsync<Contact>(query, CancellationToken.None));

        Assert.IsType(expected, error);
        Assert.Equal(status, error.StatusCode);
        Assert.Equal("contact", error.Table);
        Assert.Equal("GET", error.Method);
        Assert.EndsWith("/api/v1/collect/data/contact", error.Path, StringComparison.Ordinal);
        Assert.Equal("Something went wrong: unknown column 'co_x'.", error.ServerMessage);
        Assert.Contains("Something went wrong: unknown column 'co_x'.", error.Message, StringComparison.Ordinal);
        Assert.Contains($"HTTP {status}", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"status\":" + status, error.BodyExcerpt, StringComparison.Ordinal);
        // The query string may carry data: it is never part of the exception.
        Assert.DoesNotContain("private", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("?", error.Path, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_of_a_missing_row_is_not_found()
    {
        var (client, _) = server.Client();

        var error = await Assert.ThrowsAsync<CollectNotFoundException>(() => client.GetAsync<Contact>(99, CancellationToken.None));

        Assert.Equal(404, error.StatusCode);
        Assert.EndsWith("/api/v1/collect/data/contact/99", error.Path, StringComparison.Ordinal);
        Assert.Equal("contact 99 not found", error.ServerMessage);
    }

    [Fact]
    public async Task An_html_error_page_gives_the_status_and_a_short_excerpt()
    {
        var html = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n"
            + new string('x', 5000) + "</body></html>";
        var (client, _) = server.Client(_ => new CannedResponse(502, html, "text/html"));

        var error = await Assert.ThrowsAsync<CollectApiException>(() => client.ListAsync<Contact>(null, CancellationToken.None));

        Assert.Equal(502, error.StatusCode);
        Assert.Null(error.ServerMessage);
        Assert.NotNull(error.BodyExcerpt);
        Assert.StartsWith("<html> <head><title>502 Bad Gateway</title></head> <body>", error.BodyExcerpt, StringComparison.Ordinal);
        Assert.True(error.BodyExcerpt.Length <= CollectApiException.MaxExcerptLength, $"excerpt of {error.BodyExcerpt.Length} characters");
        Assert.EndsWith("…", error.BodyExcerpt, StringComparison.Ordinal);
        Assert.Contains("HTTP 502", error.Message, StringComparison.Ordinal);
        Assert.Contains("not the API's JSON", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length < 600, error.Message);
    }

    [Fact]
    public async Task An_empty_error_body_gives_the_status()
    {
        var (client, _) = server.Client(_ => new CannedResponse(500, null));

        var error = await Assert.ThrowsAsync<CollectApiException>(() => client.GetAsync<Contact>(1, CancellationToken.None));

        Assert.Equal(500, error.StatusCode);
        Assert.Null(error.BodyExcerpt);
        Assert.Null(error.ServerMessage);
        Assert.Contains("HTTP 500", error.Message, StringComparison.Ordinal);
        Assert.Contains("empty body", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_truncated_json_error_body_gives_the_status_and_excerpt()
    {
        var (client, _) = server.Client(_ => CannedResponse.Json("""{"status":400,"message":"bad fil""", 400));

        var error = await Assert.ThrowsAsync<CollectBadRequestException>(() => client.ListAsync<Contact>(null, CancellationToken.None));

        Assert.Equal(400, error.StatusCode);
        Assert.Equal("""{"status":400,"message":"bad fil""", error.BodyExcerpt);
        Assert.Contains("HTTP 400", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"status":200,"type":{"numRecords":2},"data":[{"co_rowid":"1"},{"co_rowid":""")]
    [InlineData("""<html><body>Please sign in</body></html>""")]
    [InlineData("""[{"co_rowid":"1"}]""")]
    [InlineData("""{"status":200,"data":[{"co_rowid":"1"}]} trailing""")]
    [InlineData("""{"status":200,"data":["not a row"]}""")]
    [InlineData("""{"status":200,"data":[{"co_type":"five"}]}""")]
    [InlineData("""{"status":200,"type":{"numRecords":"many"},"data":[]}""")]
    public async Task A_200_with_a_body_that_is_not_the_expected_json_is_an_api_exception(string body)
    {
        var (client, _) = server.Client(_ => CannedResponse.Json(body));

        var error = await Assert.ThrowsAsync<CollectApiException>(() => client.ListAsync<Contact>(null, CancellationToken.None));

        Assert.Equal(200, error.StatusCode);
        Assert.Contains("HTTP 200", error.Message, StringComparison.Ordinal);
        Assert.Contains("not the expected JSON", error.Message, StringComparison.Ordinal);
        Assert.Equal(body, error.BodyExcerpt);
    }

    [Fact]
    public async Task A_200_with_an_empty_body_is_an_api_exception()
    {
        var (client, _) = server.Client(_ => new CannedResponse(200, null));

        var error = await Assert.ThrowsAsync<CollectApiException>(() => client.GetAsync<Contact>(1, CancellationToken.None));

        Assert.Equal(200, error.StatusCode);
        Assert.Contains("not the expected JSON", error.Message, StringComparison.Ordinal);
        Assert.Contains("empty", error.Message, StringComparison.Ordinal);
        Assert.Null(error.BodyExcerpt);
    }

    [Theory]
    [InlineData("list")]
    [InlineData("get")]
    [InlineData("counts")]
    [InlineData("delete")]
    public async Task A_200_whose_body_says_another_status_is_that_failure(string call)
    {
        var (client, _) = server.Client(_ => CannedResponse.Json("""{"status":401,"message":"Operator is not authorized for database cv_demodb"}"""));

        var error = await Assert.ThrowsAsync<CollectAuthenticationException>(() => call switch
        {
            "list" => client.ListAsync<Contact>(null, CancellationToken.None),
            "get" => client.GetAsync<Contact>(1, CancellationToken.None),
            "counts" => client.CountsAsync<Debtor>(1, CancellationToken.None),
            _ => client.DeleteAsync<Contact>(1, CancellationToken.None),
        });

        Assert.Equal(401, error.StatusCode);
        Assert.Equal("Operator is not authorized for database cv_demodb", error.ServerMessage);
        Assert.Contains("HTTP 200", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_column_value_of_the_wrong_shape_is_reported_with_its_cause()
    {
        var (client, _) = server.Client(_ => CannedResponse.Json("""{"status":200,"data":[{"co_rowid":{"nested":"object"}}]}"""));

        var error = await Assert.ThrowsAsync<CollectApiException>(() => client.ListAsync<Contact>(null, CancellationToken.None));

        Assert.Equal(200, error.StatusCode);
        Assert.IsType<System.Text.Json.JsonException>(error.InnerException);
    }

    [Fact]
    public async Task A_row_reader_that_stops_inside_its_row_is_reported()
    {
        var (client, _) = server.Client(_ => CannedResponse.Json("""{"status":200,"data":[{"a":"1","b":"2"},{"a":"3"}]}"""));

        var error = await Assert.ThrowsAsync<CollectApiException>(() => client.ListAsync<HalfReader>(null, CancellationToken.None));

        Assert.Equal(200, error.StatusCode);
        Assert.Contains("stopped before the row's end", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A broken record type whose reader leaves after the first column.</summary>
    public sealed class HalfReader : ICollectRecord<HalfReader>
    {
        static string ICollectRecord<HalfReader>.TableName => "half";
        static string ICollectRecord<HalfReader>.RowIdColumn => "a";
        RowId? ICollectRecord<HalfReader>.RecordRowId => null;

        static HalfReader ICollectRecord<HalfReader>.ReadJson(ref System.Text.Json.Utf8JsonReader reader)
        {
            reader.Read();
            reader.Read();
            return new HalfReader();
        }

        static void ICollectRecord<HalfReader>.WriteColumns(System.Text.Json.Utf8JsonWriter writer, HalfReader value, HalfReader? baseline)
        {
        }
    }

    [Theory]
    [InlineData(401, "json")]
    [InlineData(500, "html")]
    [InlineData(200, "html")]
    [InlineData(200, "status")]
    public async Task Exceptions_never_quote_the_authorization_header(int status, string shape)
    {
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        var (client, scope) = server.Client(
            request =>
            {
                // A server or proxy that echoes the request's credentials into its answer.
                var echoed = request.Headers["authorization"];
                return shape switch
                {
                    "json" => CannedCollect.Error(status, "Token rejected: " + echoed),
                    "status" => CannedCollect.Error(403, "Token rejected: " + echoed) with { Status = 200 },
                    _ => new CannedResponse(status, $"<html><body><p>Denied</p><pre>Authorization: {echoed}</pre></body></html>", "text/html"),
                };
            },
            http: http);

        var error = await Assert.ThrowsAnyAsync<CollectApiException>(() => client.GetAsync<Contact>(1, CancellationToken.None));

        Assert.Equal("Bearer " + Token, scope.Single().Headers["authorization"]);
        Assert.DoesNotContain(Token, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Token, error.ServerMessage ?? "", StringComparison.Ordinal);
        Assert.DoesNotContain(Token, error.BodyExcerpt ?? "", StringComparison.Ordinal);
        // Even a prefix of the token, as a cut excerpt would show it, is gone.
        Assert.DoesNotContain(Token[..16], error.ToString(), StringComparison.Ordinal);
        Assert.Contains("***", error.BodyExcerpt, StringComparison.Ordinal);
    }
}
