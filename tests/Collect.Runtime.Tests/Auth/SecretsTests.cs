using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Collect.Runtime.Tests.Auth;

public sealed class SecretsTests(FakeCollectServer server) : IClassFixture<FakeCollectServer>
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Passwords_and_tokens_appear_in_no_log_exception_or_ToString()
    {
        var fake = server.Tenant();
        // A server that quotes the request's credentials in its failures.
        fake.App = (context, path) => FakeCollect.Json(context, 500,
            JsonText.Object(("status", 500), ("message", "Failed for " + context.Request.Headers.Authorization)));
        using var connection = Connection.Open(fake, options => options.Database = "demodb");

        // Sign in, read with a filter, meet a refused token (refresh), and fail with an echoing server.
        var query = new CollectQuery { Filter = new FilterColumn<string>("co_description").Eq("private-filter-value") };
        await connection.Records.ListAsync<Contact>(query, None);
        fake.RevokeAccessTokens();
        await connection.Records.GetAsync<Contact>(101, None);
        var error = await Assert.ThrowsAsync<CollectApiException>(() => connection.App.GetFormAsync("f-1"));
        Assert.Equal(1, fake.Refreshes);

        var secrets = fake.IssuedSecrets.Append(FakeCollect.Password).ToList();
        Assert.Equal(5, secrets.Count);
        var texts = new[]
        {
            connection.Logs.AllText,
            error.ToString(),
            error.ServerMessage ?? "",
            error.BodyExcerpt ?? "",
            connection.Options.ToString(),
            connection.Session.ToString(),
            connection.Session.Operator!.ToString(),
            new CollectCredentials(FakeCollect.OperatorId, FakeCollect.Password).ToString(),
        };
        foreach (var text in texts)
        {
            foreach (var secret in secrets)
                Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            Assert.DoesNotContain("Pa55", text, StringComparison.Ordinal);
        }
        Assert.Equal("Failed for ***", error.ServerMessage);
        Assert.Contains("Password = ***", connection.Options.ToString(), StringComparison.Ordinal);
        Assert.Contains("OperatorId = OWN", connection.Options.ToString(), StringComparison.Ordinal);

        // Logs: method, path and status only; never a query string, header or body.
        Assert.DoesNotContain("private-filter-value", connection.Logs.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain("?", string.Join("\n", connection.Logs.Entries.Select(e => e.Message)), StringComparison.Ordinal);
        Assert.DoesNotContain("authorization", connection.Logs.AllText, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Requests_are_logged_with_method_path_status_and_duration()
    {
        var fake = server.Tenant();
        using var connection = Connection.Open(fake);

        await connection.Records.ListAsync<Contact>(new CollectQuery { Limit = 5 }, None);

        var answered = connection.Logs.Entries.Where(e => e.EventId.Name == "CollectRequestAnswered").ToList();
        Assert.Equal(2, answered.Count);
        Assert.All(answered, e => Assert.Equal(LogLevel.Information, e.Level));
        var login = answered[0].Values.ToDictionary(v => v.Key, v => v.Value);
        Assert.Equal("POST", login["Method"]);
        Assert.Equal(fake.BaseAddress.AbsolutePath + FakeCollect.LoginPath, login["Path"]);
        Assert.Equal("200", login["StatusCode"]);
        var list = answered[1].Values.ToDictionary(v => v.Key, v => v.Value);
        Assert.Equal("GET", list["Method"]);
        Assert.Equal(fake.BaseAddress.AbsolutePath + "api/v1/collect/data/contact", list["Path"]);
        Assert.True(double.Parse(list["ElapsedMilliseconds"], System.Globalization.CultureInfo.InvariantCulture) >= 0);
        Assert.Matches(@"^GET /t/[0-9a-f]+/api/v1/collect/data/contact answered 200 in \d+\.\d ms$", answered[1].Message);
        Assert.Contains(connection.Logs.Entries, e => e.Level == LogLevel.Debug && e.EventId.Name == "CollectRequestSending");
        Assert.Contains(connection.Logs.Entries, e => e.EventId.Name == "CollectSignedIn" && e.Message.Contains("operator OWN", StringComparison.Ordinal));
    }

    [Fact]
    public void Options_and_credentials_print_no_password()
    {
        var options = new CollectClientOptions
        {
            BaseAddress = new Uri("https://api.example.com/"),
            AuthAddress = new Uri("https://user:hunter2-secret@auth.example.com:40000/"),
            OperatorId = "OWN",
            Password = "hunter2-secret",
        };

        Assert.DoesNotContain("hunter2", options.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", new CollectCredentials("OWN", "hunter2-secret").ToString(), StringComparison.Ordinal);
        var error = Assert.Throws<InvalidOperationException>(options.Validate);
        Assert.Contains("AuthAddress", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }
}
