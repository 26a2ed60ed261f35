using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Collect.DevServer.Tests.Infrastructure;
using Xunit;

namespace Collect.DevServer.Tests;

[Collection(DevServerCollection.Name)]
public sealed class AuthTests(DevServerFixture fixture)
{
    private readonly ApiClient _api = fixture.Api;

    [Fact]
    public async Task LoginAnswersTheOperatorAndJwtShapedTokensWithExpiry()
    {
        var login = await _api.LoginAsync("OWN", "own");

        Assert.Equal(200, login.Status);
        Assert.Equal(200, login.Body.GetProperty("status").GetInt32());
        var result = login.Body.GetProperty("result");
        var op = result.GetProperty("nx_operator");
        Assert.Equal("1", op.GetProperty("op_rowid").GetString());
        Assert.Equal("OWN", op.GetProperty("op_id").GetString());
        Assert.Equal("Owner Of The Company", op.GetProperty("op_name").GetString());
        Assert.Equal(JsonValueKind.Number, op.GetProperty("op_level").ValueKind); // as in the docs' example
        Assert.Equal(10, op.GetProperty("op_level").GetInt32());
        Assert.Equal(1, op.GetProperty("op_function").GetInt32());

        var access = result.GetProperty("access_token").GetString()!;
        var parts = access.Split('.');
        Assert.Equal(3, parts.Length);
        using var payload = JsonDocument.Parse(Convert.FromBase64String(Pad(parts[1])));
        var exp = payload.RootElement.GetProperty("exp").GetInt64();
        Assert.Equal((ManualClock.Start + TimeSpan.FromMinutes(30)).ToUnixTimeSeconds(), exp);
        Assert.Equal("cv_masterdb", payload.RootElement.GetProperty("db").GetString());
        Assert.True(result.GetProperty("refresh_token").GetString()!.Length >= 22);
    }

    [Fact]
    public void PasswordsAreStoredAsSaltedHashesAndTheDatabaseIsInWalMode()
    {
        var path = fixture.Host.Server.GetDatabasePath("cv_masterdb");
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder
        {
            DataSource = path, Mode = Microsoft.Data.Sqlite.SqliteOpenMode.ReadOnly, Pooling = false,
        }.ToString());
        connection.Open();
        using (var mode = connection.CreateCommand())
        {
            mode.CommandText = "PRAGMA journal_mode;";
            Assert.Equal("wal", mode.ExecuteScalar() as string);
        }

        // No plain-text password anywhere in the database; the auth table holds PBKDF2 hashes with salts of their own.
        var dump = DbDump.Of(path);
        foreach (var password in new[] { "=own|", "=sys|", "=mgr|", "=sc|" })
            Assert.DoesNotContain(password, dump, StringComparison.Ordinal); // the passwords are lower case, the operator ids upper case
        using var auth = connection.CreateCommand();
        auth.CommandText = "SELECT salt, hash, iterations FROM __devserver_auth ORDER BY op_rowid;";
        using var rows = auth.ExecuteReader();
        var salts = new HashSet<string>(StringComparer.Ordinal);
        var count = 0;
        while (rows.Read())
        {
            count++;
            Assert.Equal(16, Convert.FromBase64String(rows.GetString(0)).Length);
            Assert.Equal(32, Convert.FromBase64String(rows.GetString(1)).Length);
            Assert.True(rows.GetInt32(2) >= 100_000, $"{rows.GetInt32(2)} PBKDF2 iterations");
            salts.Add(rows.GetString(0));
        }
        Assert.True(count >= 4, $"{count} stored passwords");
        Assert.Equal(count, salts.Count);
    }

    [Theory]
    [InlineData("OWN", "own")]
    [InlineData("SYS", "sys")]
    [InlineData("MGR", "mgr")]
    [InlineData("SC", "sc")]
    public async Task TheDemoOperatorsSignInToEveryDatabase(string user, string password)
    {
        foreach (var database in new[] { "cv_masterdb", "cv_demodb" })
        {
            var login = await _api.LoginAsync(user, password, database);
            Assert.Equal(200, login.Status);
            Assert.Equal(user, login.Body.GetProperty("result").GetProperty("nx_operator").GetProperty("op_id").GetString());
        }
    }

    [Theory]
    [InlineData("OWN", "OWN")]
    [InlineData("OWN", "wrong")]
    [InlineData("OWN", "")]
    [InlineData("NOBODY", "own")]
    [InlineData("", "own")]
    [InlineData("OWN' OR '1'='1", "x' OR '1'='1")]
    public async Task WrongCredentialsAnswer401(string user, string password)
    {
        var login = await _api.LoginAsync(user, password);
        Assert.Equal(401, login.Status);
    }

    [Theory]
    [InlineData("{\"op_id\":\"OWN\"}", 400)]
    [InlineData("{\"op_id\":1,\"op_password\":2}", 400)]
    [InlineData("not json", 400)]
    [InlineData("[1,2]", 400)]
    [InlineData("", 400)]
    public async Task MalformedSignInsAnswer400(string body, int status)
    {
        var login = await _api.SendAsync(HttpMethod.Post, "api/v1/auth/login", body, null, null);
        Assert.Equal(status, login.Status);
    }

    [Fact]
    public async Task SignInToAnUnknownDatabaseAnswers401()
    {
        var login = await _api.LoginAsync("OWN", "own", "cv_unknown");
        Assert.Equal(401, login.Status);
        Assert.Contains("not authorized", login.Message);
    }

    [Fact]
    public async Task RefreshTokensWorkOnceAndKeepTheirDatabase()
    {
        var login = await _api.LoginAsync("MGR", "mgr", "cv_demodb");
        var refresh = login.Body.GetProperty("result").GetProperty("refresh_token").GetString()!;
        var body = JsonSerializer.Serialize(new Dictionary<string, string> { ["refresh_token"] = refresh });

        var elsewhere = await _api.SendAsync(HttpMethod.Post, "api/v1/auth/refresh", body, null, "cv_masterdb");
        Assert.Equal(401, elsewhere.Status); // and it is used up by that attempt

        login = await _api.LoginAsync("MGR", "mgr", "cv_demodb");
        refresh = login.Body.GetProperty("result").GetProperty("refresh_token").GetString()!;
        body = JsonSerializer.Serialize(new Dictionary<string, string> { ["refresh_token"] = refresh });
        var first = await _api.SendAsync(HttpMethod.Post, "api/v1/auth/refresh", body, null, "cv_demodb");
        Assert.Equal(200, first.Status);
        var result = first.Body.GetProperty("result");
        Assert.Equal("MGR", result.GetProperty("nx_operator").GetProperty("op_id").GetString());
        Assert.NotEqual(refresh, result.GetProperty("refresh_token").GetString());

        var again = await _api.SendAsync(HttpMethod.Post, "api/v1/auth/refresh", body, null, "cv_demodb");
        Assert.Equal(401, again.Status);

        var read = await _api.SendAsync(HttpMethod.Get, "api/v1/collect/data/nx_operator", (string?)null, result.GetProperty("access_token").GetString(), "cv_demodb");
        Assert.Equal(200, read.Status);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"refresh_token\":\"garbage\"}")]
    [InlineData("{\"refresh_token\":\"\"}")]
    public async Task BadRefreshTokensAnswer400Or401(string body)
    {
        var answer = await _api.SendAsync(HttpMethod.Post, "api/v1/auth/refresh", body, null, null);
        Assert.Contains(answer.Status, new[] { 400, 401 });
    }

    private static string Pad(string base64Url)
    {
        var text = new StringBuilder(base64Url.Replace('-', '+').Replace('_', '/'));
        while (text.Length % 4 != 0) text.Append('=');
        return text.ToString();
    }
}
