using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace Collect.DevServer.Tests.Infrastructure;

/// <summary>An answer: the status, the raw body and the body as JSON when it is JSON.</summary>
public sealed record ApiResponse(int Status, string Text, JsonElement? Json, HttpResponseHeaders Headers, HttpContentHeaders ContentHeaders, byte[] Bytes)
{
    public JsonElement Body => Json ?? throw new InvalidOperationException($"The answer ({Status}) is not JSON: {Text}");

    public JsonElement Data => Body.GetProperty("data");

    public string Message => Body.GetProperty("message").GetString()!;
}

/// <summary>
/// Raw HTTP against the server, for the protocol details. Every failure answer it sees is checked to be
/// the API's error body (<c>{"status","message"}</c>, no stack trace).
/// </summary>
public sealed class ApiClient : IDisposable
{
    private readonly ConcurrentDictionary<string, string> _tokens = new();

    public ApiClient(Uri baseAddress)
    {
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public HttpClient Http { get; }

    public void Dispose() => Http.Dispose();

    /// <summary>A valid access token for an operator in a database (signed in once, then cached).</summary>
    public async Task<string> TokenAsync(string database = "cv_masterdb", string user = "OWN", string password = "own")
    {
        var key = database + "/" + user;
        if (_tokens.TryGetValue(key, out var token)) return token;
        var login = await LoginAsync(user, password, database);
        Assert.Equal(200, login.Status);
        token = login.Body.GetProperty("result").GetProperty("access_token").GetString()!;
        _tokens[key] = token;
        return token;
    }

    public Task<ApiResponse> LoginAsync(string user, string password, string? database = null) =>
        SendAsync(HttpMethod.Post, "api/v1/auth/login", JsonSerializer.Serialize(new Dictionary<string, string> { ["op_id"] = user, ["op_password"] = password }), token: null, database: database);

    public async Task<ApiResponse> GetAsync(string path, string? database = null) =>
        await SendAsync(HttpMethod.Get, path, null, await TokenAsync(database ?? "cv_masterdb"), database);

    public async Task<ApiResponse> PostAsync(string path, object body, string? database = null) =>
        await SendAsync(HttpMethod.Post, path, body as string ?? JsonSerializer.Serialize(body), await TokenAsync(database ?? "cv_masterdb"), database);

    public async Task<ApiResponse> PatchAsync(string path, object body, string? database = null) =>
        await SendAsync(HttpMethod.Patch, path, body as string ?? JsonSerializer.Serialize(body), await TokenAsync(database ?? "cv_masterdb"), database);

    public async Task<ApiResponse> DeleteAsync(string path, string? database = null) =>
        await SendAsync(HttpMethod.Delete, path, null, await TokenAsync(database ?? "cv_masterdb"), database);

    /// <summary>Creates a row and returns it (asserting 200).</summary>
    public async Task<JsonElement> CreateAsync(string table, object data, int mode = 0, string? database = null)
    {
        var response = await PostAsync("api/v1/collect/data/" + table, new Dictionary<string, object> { ["business-logic"] = mode, ["data"] = data }, database);
        Assert.True(response.Status == 200, response.Text);
        return response.Data;
    }

    /// <summary>Creates a row and returns its row id.</summary>
    public async Task<long> CreateIdAsync(string table, object data, int mode = 0, string? database = null)
    {
        var row = await CreateAsync(table, data, mode, database);
        var rowIdColumn = table switch
        {
            "debtor" => "de_rowid", "client" => "cl_rowid", "contact" => "co_rowid", "de_transaction" => "tr_rowid",
            "attachment" => "at_rowid", "cosigner" => "cs_rowid", _ => throw new ArgumentException(table),
        };
        return long.Parse(row.GetProperty(rowIdColumn).GetString()!, System.Globalization.CultureInfo.InvariantCulture);
    }

    public Task<ApiResponse> SendAsync(HttpMethod method, string path, string? body, string? token, string? database) =>
        SendAsync(method, path, body is null ? null : new StringContent(body, Encoding.UTF8, "application/json"), token, database);

    public async Task<ApiResponse> SendAsync(HttpMethod method, string path, HttpContent? content, string? token, string? database, string? authorization = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (authorization is not null) request.Headers.TryAddWithoutValidation("Authorization", authorization);
        else if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (database is not null) request.Headers.TryAddWithoutValidation("x-collect-database", database);
        using var response = await Http.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var text = Encoding.UTF8.GetString(bytes);
        JsonElement? json = null;
        if (response.Content.Headers.ContentType?.MediaType == "application/json")
        {
            using var document = JsonDocument.Parse(bytes);
            json = document.RootElement.Clone();
        }
        var status = (int)response.StatusCode;
        if (status != 200) AssertErrorBody(status, text, json);
        return new ApiResponse(status, text, json, response.Headers, response.Content.Headers, bytes);
    }

    /// <summary>Every failure is {"status": code, "message": text} with the HTTP status, and no stack trace.</summary>
    public static void AssertErrorBody(int status, string text, JsonElement? json)
    {
        Assert.True(status is >= 400 and < 600, $"Unexpected status {status}: {text}");
        Assert.True(json is { ValueKind: JsonValueKind.Object }, $"The {status} answer is not a JSON object: {text}");
        Assert.Equal(status, json!.Value.GetProperty("status").GetInt32());
        var message = json.Value.GetProperty("message").GetString();
        Assert.False(string.IsNullOrWhiteSpace(message));
        Assert.DoesNotContain("   at ", message);
        Assert.DoesNotContain("Exception", message);
        Assert.NotEqual(500, status);
    }

    public static IEnumerable<JsonElement> Rows(ApiResponse response) => response.Data.EnumerateArray();

    public static List<string?> Column(ApiResponse response, string column) =>
        Rows(response).Select(r => r.GetProperty(column).GetString()).ToList();
}
