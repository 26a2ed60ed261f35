using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using Collect.DevServer.Tests.Infrastructure;
using Xunit;

namespace Collect.DevServer.Tests;

/// <summary>A server of its own whose clock moves: it holds an expired token and valid ones.</summary>
public sealed class SecurityFixture : IAsyncLifetime
{
    public ServerHost Host { get; private set; } = null!;
    public ApiClient Api { get; private set; } = null!;
    public string ExpiredToken { get; private set; } = "";
    public string DemoToken { get; private set; } = "";
    public string ValidToken { get; private set; } = "";
    public long DebtorRowId { get; private set; }

    public async Task InitializeAsync()
    {
        Host = await ServerHost.StartAsync();
        Api = new ApiClient(Host.BaseAddress);
        ExpiredToken = await Api.TokenAsync();
        Host.Clock.Advance(TimeSpan.FromMinutes(31));
        var fresh = await Api.LoginAsync("OWN", "own");
        ValidToken = fresh.Body.GetProperty("result").GetProperty("access_token").GetString()!;
        var demo = await Api.LoginAsync("OWN", "own", "cv_demodb");
        DemoToken = demo.Body.GetProperty("result").GetProperty("access_token").GetString()!;
        var created = await Api.SendAsync(HttpMethod.Post, "api/v1/collect/data/debtor", "{\"data\":{\"de_name\":\"Secure\"}}", ValidToken, null);
        DebtorRowId = long.Parse(created.Data.GetProperty("de_rowid").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task DisposeAsync()
    {
        Api.Dispose();
        await Host.DisposeAsync();
    }
}

/// <summary>No token, a garbage token, an expired token and another database's token answer 401 everywhere.</summary>
public sealed class SecurityTests(SecurityFixture fixture) : IClassFixture<SecurityFixture>
{
    public static readonly string[] Endpoints =
    [
        "GET data/debtor",
        "POST data/debtor",
        "GET data/debtor/{id}",
        "PATCH data/debtor/{id}",
        "DELETE data/debtor/{id}",
        "GET data/debtor/{id}/counts",
        "GET data/debtor/{id}/contact",
        "GET data/nx_operator",
        "GET ui/forms/35d01ff2-775d-ccb4-8f53-25d36f517384",
        "POST app/report",
        "POST app/runplan",
        "POST app/upload",
        "GET app/download",
    ];

    public static readonly string[] Credentials = ["none", "garbage", "wrong-scheme", "tampered", "expired", "other-database", "unknown-database"];

    public static IEnumerable<object[]> Cases() =>
        from endpoint in Endpoints from credential in Credentials select new object[] { endpoint, credential };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task EveryEndpointAnswers401WithoutAValidTokenForItsDatabase(string endpoint, string credential)
    {
        string? token = null, authorization = null, database = null;
        switch (credential)
        {
            case "none": break;
            case "garbage": token = "not-a-token"; break;
            case "wrong-scheme": authorization = "Basic " + Convert.ToBase64String(Encoding.ASCII.GetBytes("OWN:own")); break;
            case "tampered": token = Tamper(fixture.ValidToken); break;
            case "expired": token = fixture.ExpiredToken; break;
            case "other-database": token = fixture.DemoToken; break;
            case "unknown-database": token = fixture.ValidToken; database = "cv_nowhere"; break;
        }
        var answer = await SendAsync(endpoint, token, database, authorization);
        Assert.Equal(401, answer.Status);
        Assert.Contains("Bearer", answer.Headers.WwwAuthenticate.ToString());
    }

    [Theory]
    [MemberData(nameof(ValidCases))]
    public async Task AValidTokenPassesEveryEndpoint(string endpoint)
    {
        var answer = await SendAsync(endpoint, fixture.ValidToken, null, null);
        Assert.NotEqual(401, answer.Status);
    }

    public static IEnumerable<object[]> ValidCases() => Endpoints.Where(e => !e.StartsWith("DELETE", StringComparison.Ordinal)).Select(e => new object[] { e });

    [Fact]
    public async Task TheDemoTokenWorksInItsOwnDatabase()
    {
        var answer = await fixture.Api.SendAsync(HttpMethod.Get, "api/v1/collect/data/nx_operator", (string?)null, fixture.DemoToken, "cv_demodb");
        Assert.Equal(200, answer.Status);
    }

    private Task<ApiResponse> SendAsync(string endpoint, string? token, string? database, string? authorization)
    {
        var space = endpoint.IndexOf(' ');
        var method = new HttpMethod(endpoint[..space]);
        var path = "api/v1/collect/" + endpoint[(space + 1)..].Replace("{id}", fixture.DebtorRowId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        HttpContent? content = endpoint switch
        {
            "POST data/debtor" => Json("{\"business-logic\":4,\"data\":{\"de_name\":\"x\"}}"),
            "PATCH data/debtor/{id}" => Json("{\"data\":{\"de_name\":\"y\"}}"),
            "POST app/report" => Json($"{{\"starton\":\"debtor\",\"rowid\":[{fixture.DebtorRowId}],\"destination\":\"CSV\"}}"),
            "POST app/runplan" => Json($"{{\"plan\":\"AUTO\",\"debtor\":{fixture.DebtorRowId}}}"),
            "POST app/upload" => Upload(fixture.DebtorRowId),
            _ => null,
        };
        if (endpoint == "GET app/download") path += $"?record=debtor&rowid={fixture.DebtorRowId}&file=none.txt";
        return fixture.Api.SendAsync(method, path, content, token, database, authorization);
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    internal static MultipartFormDataContent Upload(long rowId, string fileName = "note.txt", string text = "hello", string overwrite = "yes")
    {
        var content = new MultipartFormDataContent();
        content.Add(new StringContent($"{{\"debtor\":{rowId},\"overwrite\":\"{overwrite}\"}}", Encoding.UTF8), "json");
        content.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(text)), "file", fileName);
        return content;
    }

    private static string Tamper(string token)
    {
        var parts = token.Split('.');
        var payload = Encoding.UTF8.GetString(Convert.FromBase64String(Pad(parts[1]))).Replace("\"OWN\"", "\"SYS\"", StringComparison.Ordinal);
        parts[1] = Convert.ToBase64String(Encoding.UTF8.GetBytes(payload)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return string.Join('.', parts);
    }

    private static string Pad(string base64Url)
    {
        var text = base64Url.Replace('-', '+').Replace('_', '/');
        return text + new string('=', (4 - text.Length % 4) % 4);
    }
}
