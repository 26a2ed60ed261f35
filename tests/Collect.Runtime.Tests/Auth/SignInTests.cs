using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace Collect.Runtime.Tests.Auth;

public sealed class SignInTests(FakeCollectServer server) : IClassFixture<FakeCollectServer>
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task The_first_request_signs_in_and_every_request_sends_the_bearer_token()
    {
        var fake = server.Tenant();
        using var connection = Connection.Open(fake);

        var first = await connection.Records.GetAsync<Contact>(101, None);
        var second = await connection.Records.GetAsync<Contact>(101, None);

        Assert.Equal(101, first.RowId!.Value.Value);
        Assert.Equal("Review file", second.Description);
        Assert.Equal(1, fake.Logins);
        Assert.Equal([FakeCollect.LoginPath, "api/v1/collect/data/contact/101", "api/v1/collect/data/contact/101"], fake.Paths);
        var login = fake.To(FakeCollect.LoginPath).Single();
        Assert.Equal("""{"op_id":"OWN","op_password":"Pa55-w0rd-S3cret!"}""", login.Body);
        Assert.Null(login.Header("authorization"));
        var data = fake.To("contact/101");
        Assert.All(data, r => Assert.StartsWith("Bearer opaque-1-", r.Header("authorization"), StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_session_exposes_the_signed_in_operator()
    {
        var fake = server.Tenant();
        using var connection = Connection.Open(fake);
        Assert.Null(connection.Session.Operator);

        var op = await connection.Session.SignInAsync();

        Assert.NotNull(op);
        Assert.Same(op, connection.Session.Operator);
        Assert.Equal(1, op.RowId!.Value.Value);
        Assert.Equal("OWN", op.Id);
        Assert.Equal("Owner Of The Company", op.Name);
        Assert.Equal(10, op.Level);
        Assert.Equal(1, op.Function);
        Assert.Equal("OWN", op.Read<OperatorRow>().Id);

        // Signed in already: no second sign-in.
        await connection.Session.SignInAsync();
        await connection.Records.GetAsync<Contact>(101, None);
        Assert.Equal(1, fake.Logins);

        connection.Session.SignOut();
        Assert.Null(connection.Session.Operator);
        await connection.Records.GetAsync<Contact>(101, None);
        Assert.Equal(2, fake.Logins);
    }

    [Theory]
    [InlineData("demodb")]
    [InlineData("cv_demodb")]
    public async Task The_database_header_goes_on_sign_in_refresh_and_data(string database)
    {
        var fake = server.Tenant();
        using var connection = Connection.Open(fake, options => options.Database = database);

        await connection.Records.GetAsync<Contact>(101, None);
        fake.RevokeAccessTokens();
        await connection.Records.GetAsync<Contact>(101, None);

        Assert.Equal(1, fake.Refreshes);
        Assert.Equal(
            [FakeCollect.LoginPath, "api/v1/collect/data/contact/101", "api/v1/collect/data/contact/101", FakeCollect.RefreshPath, "api/v1/collect/data/contact/101"],
            fake.Paths);
        Assert.All(fake.Requests, r => Assert.Equal("cv_demodb", r.Header("x-collect-database")));
        Assert.Same(connection.Session.Operator, connection.Session.GetOperator("demodb"));
        Assert.NotNull(connection.Session.GetOperator("cv_demodb"));
        Assert.Null(connection.Session.GetOperator(null));
    }

    [Fact]
    public async Task Without_a_database_no_request_carries_the_header()
    {
        var fake = server.Tenant();
        using var connection = Connection.Open(fake);

        await connection.Records.GetAsync<Contact>(101, None);
        fake.RevokeAccessTokens();
        await connection.Records.GetAsync<Contact>(101, None);

        Assert.Equal(5, fake.Requests.Count);
        Assert.All(fake.Requests, r => Assert.Null(r.Header("x-collect-database")));
    }

    [Fact]
    public async Task Tokens_are_kept_per_database()
    {
        var fake = server.Tenant();
        using var connection = Connection.Open(fake);
        var demo = connection.RecordsFor("demodb");

        await connection.Records.GetAsync<Contact>(101, None);
        await demo.GetAsync<Contact>(101, None);
        await connection.Records.GetAsync<Contact>(101, None);
        await demo.GetAsync<Contact>(101, None);

        // One sign-in per database; the server refuses a token issued for the other database, so no
        // request was refused.
        Assert.Equal(2, fake.Logins);
        Assert.Equal(0, fake.Rejections);
        var logins = fake.To(FakeCollect.LoginPath);
        Assert.Equal([null, "cv_demodb"], logins.Select(r => r.Header("x-collect-database")));
        var data = fake.To("contact/101");
        Assert.Equal(data[0].Header("authorization"), data[2].Header("authorization"));
        Assert.Equal(data[1].Header("authorization"), data[3].Header("authorization"));
        Assert.NotEqual(data[0].Header("authorization"), data[1].Header("authorization"));
        Assert.NotNull(connection.Session.GetOperator(null));
        Assert.NotNull(connection.Session.GetOperator("demodb"));
    }

    [Fact]
    public async Task A_database_the_operator_may_not_use_is_an_authentication_error()
    {
        var fake = server.Tenant();
        using var connection = Connection.Open(fake, options => options.Database = "otherdb");

        var error = await Assert.ThrowsAsync<CollectAuthenticationException>(() => connection.Records.GetAsync<Contact>(101, None));

        Assert.Equal(401, error.StatusCode);
        Assert.Equal("Operator OWN is not authorized for database cv_otherdb", error.ServerMessage);
        Assert.Contains("Signing in as operator 'OWN' to cv_otherdb", error.Message, StringComparison.Ordinal);
        Assert.Empty(fake.To("contact/101"));
    }

    [Fact]
    public async Task Bad_credentials_are_an_authentication_error_that_never_quotes_the_password()
    {
        const string wrong = "Wr0ng-Passw0rd-42";
        var fake = server.Tenant();
        using var connection = Connection.Open(fake, options => options.Password = wrong);

        var error = await Assert.ThrowsAsync<CollectAuthenticationException>(() => connection.Records.GetAsync<Contact>(101, None));

        Assert.Equal(401, error.StatusCode);
        Assert.Equal("POST", error.Method);
        Assert.EndsWith("/" + FakeCollect.LoginPath, error.Path, StringComparison.Ordinal);
        Assert.Contains("Signing in as operator 'OWN'", error.Message, StringComparison.Ordinal);
        Assert.Contains("HTTP 401", error.Message, StringComparison.Ordinal);
        // The server quoted the password; the exception does not.
        Assert.Contains("Invalid password '***' for operator OWN", error.ServerMessage, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, error.BodyExcerpt, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, connection.Logs.AllText, StringComparison.Ordinal);
        Assert.Empty(fake.To("contact/101"));
        Assert.Null(connection.Session.Operator);
    }

    [Fact]
    public async Task A_credentials_callback_is_asked_at_each_sign_in()
    {
        var fake = server.Tenant();
        var calls = 0;
        using var connection = Connection.Open(fake, options =>
        {
            options.OperatorId = null;
            options.Password = null;
            options.CredentialsProvider = async cancellationToken =>
            {
                await Task.Yield();
                cancellationToken.ThrowIfCancellationRequested();
                Interlocked.Increment(ref calls);
                return new CollectCredentials(FakeCollect.OperatorId, FakeCollect.Password);
            };
        });

        await connection.Records.GetAsync<Contact>(101, None);
        await connection.Records.GetAsync<Contact>(101, None);
        connection.Session.SignOut();
        await connection.Records.GetAsync<Contact>(101, None);

        Assert.Equal(2, calls);
        Assert.Equal(2, fake.Logins);
    }

    [Fact]
    public async Task Sign_in_may_go_to_a_separate_authorization_server()
    {
        var api = server.Tenant();
        var auth = server.Tenant();
        // The authorization server signs in; the API server accepts its tokens.
        api.Intercept = async (context, path) =>
        {
            if (path != "api/v1/collect/data/contact/101") return false;
            var ok = context.Request.Headers.Authorization.ToString().StartsWith("Bearer opaque-", StringComparison.Ordinal);
            await FakeCollect.Json(context, ok ? 200 : 401, ok ? CannedCollect.Contact101 : """{"status":401}""");
            return true;
        };
        using var connection = Connection.Open(api, options => options.AuthAddress = auth.BaseAddress);

        await connection.Records.GetAsync<Contact>(101, None);

        Assert.Equal(1, auth.Logins);
        Assert.Equal([FakeCollect.LoginPath], auth.Paths);
        Assert.Equal(["api/v1/collect/data/contact/101"], api.Paths);
    }

    [Fact]
    public async Task A_sign_in_answer_without_a_token_is_a_clear_error()
    {
        var fake = server.Tenant();
        fake.Intercept = async (context, path) =>
        {
            if (path != FakeCollect.LoginPath) return false;
            await FakeCollect.Json(context, 200, """{"status":200,"result":{"nx_operator":{"op_id":"OWN"}}}""");
            return true;
        };
        using var connection = Connection.Open(fake);

        var error = await Assert.ThrowsAsync<CollectApiException>(() => connection.Records.GetAsync<Contact>(101, None));

        Assert.Equal(200, error.StatusCode);
        Assert.Contains("access_token", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("html")]
    [InlineData("empty")]
    public async Task A_sign_in_server_failing_with_500_gives_the_status(string shape)
    {
        var fake = server.Tenant();
        fake.Intercept = async (context, path) =>
        {
            if (path != FakeCollect.LoginPath) return false;
            context.Response.StatusCode = 500;
            if (shape == "html")
            {
                context.Response.ContentType = "text/html";
                await context.Response.WriteAsync("<html><body><h1>500 Internal Server Error</h1></body></html>");
            }
            return true;
        };
        using var connection = Connection.Open(fake);

        var error = await Assert.ThrowsAsync<CollectApiException>(() => connection.Records.GetAsync<Contact>(101, None));

        Assert.Equal(500, error.StatusCode);
        Assert.Contains("HTTP 500", error.Message, StringComparison.Ordinal);
        Assert.Contains(shape == "html" ? "not the API's JSON" : "empty body", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeCollect.Password, error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("html")]
    [InlineData("empty")]
    public async Task An_app_request_failing_with_500_after_sign_in_gives_the_status(string shape)
    {
        var fake = server.Tenant();
        fake.App = async (context, path) =>
        {
            context.Response.StatusCode = 500;
            if (shape == "html")
            {
                context.Response.ContentType = "text/html";
                await context.Response.WriteAsync("<html><body>Proxy error</body></html>");
            }
        };
        using var connection = Connection.Open(fake);

        var error = await Assert.ThrowsAsync<CollectApiException>(() => connection.App.GetFormAsync("35d01ff2-775d-ccb4-8f53-25d36f517384"));

        Assert.Equal(500, error.StatusCode);
        Assert.Equal(1, fake.Logins);
        Assert.Contains(shape == "html" ? "Proxy error" : "empty body", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The operator record as a generated type would read it.</summary>
    public sealed record OperatorRow : ICollectRecord<OperatorRow>
    {
        private static readonly ColumnIndex Columns = new("op_rowid", "op_id");

        public string? Id { get; init; }

        static string ICollectRecord<OperatorRow>.TableName => "nx_operator";
        static string ICollectRecord<OperatorRow>.RowIdColumn => "op_rowid";
        RowId? ICollectRecord<OperatorRow>.RecordRowId => null;

        static OperatorRow ICollectRecord<OperatorRow>.ReadJson(ref System.Text.Json.Utf8JsonReader reader)
        {
            string? id = null;
            while (CollectJson.NextColumn(ref reader, Columns, out var column))
            {
                if (column == 1) id = CollectJson.ReadString(ref reader);
                else reader.Skip();
            }
            return new OperatorRow { Id = id };
        }

        static void ICollectRecord<OperatorRow>.WriteColumns(System.Text.Json.Utf8JsonWriter writer, OperatorRow value, OperatorRow? baseline)
        {
        }
    }
}
