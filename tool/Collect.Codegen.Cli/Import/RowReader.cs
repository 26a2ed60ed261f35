using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Collect.Runtime;

namespace Collect.Codegen.Cli.Import;

/// <summary>One page of rows read from a table: each row's values by column, as the API's text.</summary>
internal sealed record RowPage(IReadOnlyList<IReadOnlyList<KeyValuePair<string, string>>> Rows, int NumPages, string? RowIdColumn);

/// <summary>
/// Reads rows of any table from a live server (a Collect! server or the dev server). Sign-in and
/// tokens go through the runtime (<see cref="CollectSession"/> and its
/// <see cref="CollectAuthenticationHandler"/>); the rows are read untyped, since no generated type
/// exists yet for the tables being imported.
/// </summary>
internal sealed class RowReader : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly HttpClient? _authHttp;
    private readonly CollectClientOptions _options;
    private readonly CollectSession? _session;
    private readonly string _dataAddress;

    public RowReader(CollectClientOptions options)
    {
        _options = options;
        options.Validate();
        if (options.OperatorId is not null)
        {
            _authHttp = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            _session = new CollectSession(_authHttp, options);
            _http = new HttpClient(new CollectAuthenticationHandler(_session) { InnerHandler = new SocketsHttpHandler() }) { Timeout = options.RequestTimeout };
        }
        else
        {
            _http = new HttpClient { Timeout = options.RequestTimeout };
        }
        var baseAddress = options.BaseAddress!.AbsoluteUri;
        if (!baseAddress.EndsWith('/')) baseAddress += "/";
        _dataAddress = baseAddress + options.DataPath.Trim('/') + "/";
    }

    /// <summary>Signs in ahead of the first read, so bad credentials fail once with a clear message.</summary>
    public async Task SignInAsync(CancellationToken cancellationToken)
    {
        if (_session is null) return;
        try
        {
            await _session.SignInAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (CollectApiException e)
        {
            throw new CliException($"Signing in as '{_options.OperatorId}' failed: {e.Message}", ExitCodes.Failed, e);
        }
    }

    /// <summary>Reads one page of a table.</summary>
    /// <exception cref="CollectApiException">The server refused the read (its status and message).</exception>
    public async Task<RowPage> ReadPageAsync(string table, int page, int limit, CancellationToken cancellationToken)
    {
        var uri = $"{_dataAddress}{Uri.EscapeDataString(table)}?{Uri.EscapeDataString(_options.LimitParameter)}={limit.ToString(CultureInfo.InvariantCulture)}" +
            $"&{Uri.EscapeDataString(_options.PageParameter)}={page.ToString(CultureInfo.InvariantCulture)}";
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        if (_options.DatabaseHeaderValue is { } database) request.Headers.TryAddWithoutValidation(CollectClientOptions.DatabaseHeaderName, database);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            throw new CollectApiException($"GET {new Uri(uri).AbsolutePath} answered {(int)response.StatusCode} {response.ReasonPhrase}: {Excerpt(ServerMessage(body) ?? body)}", (int)response.StatusCode);
        try
        {
            return Parse(body, page);
        }
        catch (JsonException e)
        {
            throw new CollectApiException($"GET {new Uri(uri).AbsolutePath} answered something that is not the API's JSON: {Excerpt(body)}", (int)response.StatusCode, e);
        }
    }

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        _authHttp?.Dispose();
        return ValueTask.CompletedTask;
    }

    private static RowPage Parse(string body, int page)
    {
        using var document = JsonDocument.Parse(body, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw new JsonException("The answer is not a JSON object.");
        var rows = new List<IReadOnlyList<KeyValuePair<string, string>>>();
        if (root.TryGetProperty("data", out var data))
        {
            if (data.ValueKind == JsonValueKind.Array)
            {
                foreach (var row in data.EnumerateArray())
                    if (row.ValueKind == JsonValueKind.Object) rows.Add(Row(row));
            }
            else if (data.ValueKind == JsonValueKind.Object && data.EnumerateObject().Any())
            {
                rows.Add(Row(data));
            }
        }
        var numPages = page;
        string? rowId = null;
        if (root.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.Object)
        {
            if (type.TryGetProperty("numPages", out var pages) && pages.TryGetInt32(out var n)) numPages = n;
            if (type.TryGetProperty("rowId", out var id) && id.ValueKind == JsonValueKind.String) rowId = id.GetString();
        }
        return new RowPage(rows, numPages, rowId);
    }

    private static List<KeyValuePair<string, string>> Row(JsonElement row)
    {
        var values = new List<KeyValuePair<string, string>>();
        foreach (var property in row.EnumerateObject())
        {
            var value = property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString() ?? "",
                JsonValueKind.Number => property.Value.GetRawText(),
                JsonValueKind.True => "1",
                JsonValueKind.False => "0",
                JsonValueKind.Null or JsonValueKind.Undefined => "",
                // A nested object or array: its JSON text, which types as a string.
                _ => property.Value.GetRawText(),
            };
            values.Add(new KeyValuePair<string, string>(property.Name, value));
        }
        return values;
    }

    private static string? ServerMessage(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String
                ? m.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Excerpt(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length <= 200 ? line : line[..200] + "...";
    }
}
