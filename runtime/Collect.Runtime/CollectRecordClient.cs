using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Collect.Runtime.Internal;

namespace Collect.Runtime;

/// <summary>
/// The record API over HTTP: the data endpoints (<c>api/v1/collect/data/...</c>) of a Collect!
/// server, reached through a caller-supplied <see cref="HttpClient"/>. The client adds only the
/// database header; sign-in and tokens belong to the <see cref="HttpClient"/>'s handlers.
/// </summary>
/// <remarks>
/// Requests go to absolute addresses built from <see cref="CollectClientOptions.BaseAddress"/> (the
/// <see cref="HttpClient.BaseAddress"/> is not used). The client holds no per-call state, so one
/// instance can serve concurrent calls. A non-200 answer, or a 200 whose body is not the expected JSON, throws a
/// <see cref="CollectApiException"/> (<see cref="CollectNotFoundException"/> for 404,
/// <see cref="CollectBadRequestException"/> for 400, <see cref="CollectAuthenticationException"/>
/// for 401, <see cref="CollectMethodNotAllowedException"/> for 405, <see cref="CollectConflictException"/>
/// for 409). A call slower than <see cref="CollectClientOptions.RequestTimeout"/> throws a
/// <see cref="TimeoutException"/>; the caller's cancellation surfaces as an
/// <see cref="OperationCanceledException"/>, and transport failures (<see cref="HttpRequestException"/>)
/// unchanged.
/// </remarks>
public sealed class CollectRecordClient : ICollectRecordApi
{
    // Request bodies go to an API, never into HTML, so non-ASCII text and quotes are sent as they are.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly HttpClient _http;
    private readonly string _dataAddress;
    private readonly string? _database;
    private readonly string _filterParameter;
    private readonly string _fieldsParameter;
    private readonly string _sortParameter;
    private readonly string _limitParameter;
    private readonly string _pageParameter;
    private readonly int _maxResponseBytes;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider? _clock;

    /// <summary>
    /// Creates the client. The options are validated and read once; changing them later does not
    /// affect this client.
    /// </summary>
    /// <param name="httpClient">The client that sends the requests (with whatever authentication its handlers add). Not disposed by this client.</param>
    /// <param name="options">The base address, database and parameter names.</param>
    /// <exception cref="InvalidOperationException">The options are invalid (see <see cref="CollectClientOptions.Validate"/>).</exception>
    public CollectRecordClient(HttpClient httpClient, CollectClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _http = httpClient;
        var baseAddress = options.BaseAddress!.AbsoluteUri;
        if (!baseAddress.EndsWith('/')) baseAddress += "/";
        _dataAddress = baseAddress + options.DataPath.Trim('/') + "/";
        _database = options.DatabaseHeaderValue;
        _filterParameter = Uri.EscapeDataString(options.FilterParameter);
        _fieldsParameter = Uri.EscapeDataString(options.FieldsParameter);
        _sortParameter = Uri.EscapeDataString(options.SortParameter);
        _limitParameter = Uri.EscapeDataString(options.LimitParameter);
        _pageParameter = Uri.EscapeDataString(options.PageParameter);
        _maxResponseBytes = options.MaxResponseBytes;
        _timeout = options.RequestTimeout;
        _clock = options.Clock;
    }

    /// <inheritdoc />
    /// <remarks>
    /// When <see cref="CollectQuery.Fields"/> leaves out the row-id column, the client asks for it too,
    /// so rows read with a column list can still be updated.
    /// </remarks>
    public Task<CollectPage<T>> ListAsync<T>(CollectQuery? query, CancellationToken cancellationToken)
        where T : ICollectRecord<T>
    {
        var uri = Address(Segment(T.TableName), query, T.RowIdColumn);
        var page = query?.Page ?? 1;
        return SendAsync(HttpMethod.Get, uri, T.TableName, null,
            (ReadOnlySpan<byte> json, out Envelope envelope) => CollectEnvelope.ReadList<T>(json, page, out envelope),
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<T> GetAsync<T>(RowId rowId, CancellationToken cancellationToken)
        where T : ICollectRecord<T>
    {
        var uri = Address($"{Segment(T.TableName)}/{rowId}", null, null);
        return SendAsync(HttpMethod.Get, uri, T.TableName, null,
            static (ReadOnlySpan<byte> json, out Envelope envelope) =>
            {
                if (!CollectEnvelope.TryReadSingle<T>(json, out var row, out envelope)) envelope.Problem = "it holds no row";
                return row!;
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<RecordCount>> CountsAsync<T>(RowId rowId, CancellationToken cancellationToken)
        where T : ICollectRecord<T>
    {
        var uri = Address($"{Segment(T.TableName)}/{rowId}/counts", null, null);
        return SendAsync(HttpMethod.Get, uri, T.TableName, null,
            static (ReadOnlySpan<byte> json, out Envelope envelope) => CollectEnvelope.ReadCounts(json, out envelope),
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<CollectPage<TChild>> ListSubRecordsAsync<TParent, TChild>(RowId parentRowId, CollectQuery? query, CancellationToken cancellationToken)
        where TParent : ICollectRecord<TParent>
        where TChild : ICollectRecord<TChild>
    {
        var uri = Address($"{Segment(TParent.TableName)}/{parentRowId}/{Segment(TChild.TableName)}", query, TChild.RowIdColumn);
        var page = query?.Page ?? 1;
        return SendAsync(HttpMethod.Get, uri, TParent.TableName, null,
            (ReadOnlySpan<byte> json, out Envelope envelope) => CollectEnvelope.ReadList<TChild>(json, page, out envelope),
            cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Sends <c>{"business-logic": n, "data": {...}}</c>. Returns the row the server answered; staging
    /// (<see cref="BusinessLogic.PreLogicStaging"/>) answers a row without a row id. When the answer
    /// carries no row, the record as sent is returned.
    /// </remarks>
    public Task<T> CreateAsync<T>(T record, BusinessLogic businessLogic, CancellationToken cancellationToken)
        where T : ICollectRecord<T>
    {
        ArgumentNullException.ThrowIfNull(record);
        if (businessLogic is < BusinessLogic.InsertOnly or > BusinessLogic.FullLogic)
            throw new ArgumentOutOfRangeException(nameof(businessLogic), businessLogic, "The API knows business-logic modes 0 to 4.");

        var body = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(body, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteNumber("business-logic"u8, (int)businessLogic);
            writer.WriteStartObject("data"u8);
            T.WriteColumns(writer, record, default);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        var uri = Address(Segment(T.TableName), null, null);
        return SendAsync(HttpMethod.Post, uri, T.TableName, JsonContent(body),
            (ReadOnlySpan<byte> json, out Envelope envelope) =>
                CollectEnvelope.TryReadSingle<T>(json, out var row, out envelope) ? row! : record,
            cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Sends <c>{"data": {...}}</c> with only the columns that differ from <paramref name="original"/>
    /// (a value cleared since is sent as <c>""</c>). When nothing differs no request is sent and
    /// <paramref name="changed"/> is returned. When the answer carries no row, <paramref name="changed"/>
    /// is returned.
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="original"/> has no row id, or <paramref name="changed"/> has another.</exception>
    public Task<T> UpdateAsync<T>(T original, T changed, CancellationToken cancellationToken)
        where T : ICollectRecord<T>
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(changed);
        if (original.RecordRowId is not { } rowId)
            throw new ArgumentException($"The original {T.TableName} row has no row id ({T.RowIdColumn}); read it from the server before updating it.", nameof(original));
        if (changed.RecordRowId != rowId)
            throw new ArgumentException($"The changed {T.TableName} row must keep the original's row id {rowId} ({T.RowIdColumn} cannot be written), but has {(changed.RecordRowId is { } other ? other.ToString() : "none")}.", nameof(changed));

        var body = new ArrayBufferWriter<byte>(256);
        bool anyChange;
        using (var writer = new Utf8JsonWriter(body, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("data"u8);
            var before = writer.BytesCommitted + writer.BytesPending;
            T.WriteColumns(writer, changed, original);
            anyChange = writer.BytesCommitted + writer.BytesPending != before;
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        if (!anyChange) return Task.FromResult(changed);

        var uri = Address($"{Segment(T.TableName)}/{rowId}", null, null);
        return SendAsync(HttpMethod.Patch, uri, T.TableName, JsonContent(body),
            (ReadOnlySpan<byte> json, out Envelope envelope) =>
                CollectEnvelope.TryReadSingle<T>(json, out var row, out envelope) ? row! : changed,
            cancellationToken);
    }

    /// <inheritdoc />
    public Task DeleteAsync<T>(RowId rowId, CancellationToken cancellationToken)
        where T : ICollectRecord<T>
    {
        var uri = Address($"{Segment(T.TableName)}/{rowId}", null, null);
        return SendAsync(HttpMethod.Delete, uri, T.TableName, null,
            static (ReadOnlySpan<byte> json, out Envelope envelope) => CollectEnvelope.ReadStatus(json, out envelope),
            cancellationToken);
    }

    private Task<TResult> SendAsync<TResult>(HttpMethod method, Uri uri, string table, HttpContent? content, BodyReader<TResult> read, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(method, uri) { Content = content };
        if (_database is not null) request.Headers.TryAddWithoutValidation(CollectClientOptions.DatabaseHeaderName, _database);
        var call = new CollectHttp.Call(new RequestInfo(method.Method, uri.AbsolutePath, table), _maxResponseBytes, _timeout, Clock: _clock);
        return SendAndDisposeAsync(request, call, read, cancellationToken);
    }

    private async Task<TResult> SendAndDisposeAsync<TResult>(HttpRequestMessage request, CollectHttp.Call call, BodyReader<TResult> read, CancellationToken cancellationToken)
    {
        using (request)
            return await CollectHttp.SendAsync(_http, request, call, read, cancellationToken).ConfigureAwait(false);
    }

    private static ReadOnlyMemoryContent JsonContent(ArrayBufferWriter<byte> body)
    {
        var content = new ReadOnlyMemoryContent(body.WrittenMemory);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }

    private static string Segment(string name) => Uri.EscapeDataString(name);

    private Uri Address(string path, CollectQuery? query, string? rowIdColumn)
    {
        var text = new StringBuilder(_dataAddress.Length + path.Length + 64).Append(_dataAddress).Append(path);
        if (query is not null) AppendQuery(text, query, rowIdColumn);
        return new Uri(text.ToString(), UriKind.Absolute);
    }

    private void AppendQuery(StringBuilder text, CollectQuery query, string? rowIdColumn)
    {
        var separator = '?';
        void Start(string name)
        {
            text.Append(separator).Append(name).Append('=');
            separator = '&';
        }

        if (query.Filter is { Conditions.Count: > 0 } filter)
        {
            Start(_filterParameter);
            text.Append(Uri.EscapeDataString(filter.ToString()));
        }

        if (query.Fields is { Count: > 0 } fields)
        {
            Start(_fieldsParameter);
            var first = true;
            if (rowIdColumn is not null && !Contains(fields, rowIdColumn))
            {
                text.Append(Uri.EscapeDataString(rowIdColumn));
                first = false;
            }
            foreach (var field in fields)
            {
                if (string.IsNullOrEmpty(field))
                    throw new ArgumentException("CollectQuery.Fields holds an empty column name.", nameof(query));
                if (!first) text.Append(',');
                text.Append(Uri.EscapeDataString(field));
                first = false;
            }
        }

        if (query.Sort is { Count: > 0 } sort)
        {
            Start(_sortParameter);
            for (var i = 0; i < sort.Count; i++)
            {
                if (string.IsNullOrEmpty(sort[i].Column))
                    throw new ArgumentException("CollectQuery.Sort holds a key without a column.", nameof(query));
                if (i > 0) text.Append(',');
                text.Append(Uri.EscapeDataString(sort[i].ToString()));
            }
        }

        if (query.Limit is { } limit)
        {
            if (limit < 1) throw new ArgumentOutOfRangeException(nameof(query), limit, "CollectQuery.Limit must be at least 1.");
            Start(_limitParameter);
            text.Append(limit.ToString(CultureInfo.InvariantCulture));
        }

        if (query.Page is { } page)
        {
            if (page < 1) throw new ArgumentOutOfRangeException(nameof(query), page, "CollectQuery.Page is 1-based and must be at least 1.");
            Start(_pageParameter);
            text.Append(page.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static bool Contains(IReadOnlyList<string> fields, string column)
    {
        foreach (var field in fields)
        {
            if (string.Equals(field, column, StringComparison.Ordinal)) return true;
        }
        return false;
    }
}
