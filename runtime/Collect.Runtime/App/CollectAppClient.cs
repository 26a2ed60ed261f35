using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Collect.Runtime.Internal;

namespace Collect.Runtime;

/// <summary>
/// The application endpoints of the REST API: contact plans, reports, form structures, uploads and
/// downloads. Calls that may prompt take the id of the caller's web socket; the job loop answers the
/// prompts.
/// </summary>
public interface ICollectAppApi
{
    /// <summary>
    /// Runs a contact plan against one record (<c>POST api/v1/collect/app/runplan</c>) and returns when
    /// the plan has finished. An answer that ends the plan early (No, Cancel) rolls its changes back and
    /// still completes normally.
    /// </summary>
    /// <param name="plan">The plan's code (<c>cp_code</c>), e.g. <c>REV</c>.</param>
    /// <param name="record">The record type, e.g. <c>debtor</c> (clients, debtors, cosigners and associates).</param>
    /// <param name="rowId">The record's row id.</param>
    /// <param name="websocketId">The id of the web socket the plan's prompts go to, or null for none.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="CollectNotFoundException">The plan (or record) does not exist.</exception>
    /// <exception cref="CollectConflictException">The plan had to prompt without a usable web socket; nothing it changed stays.</exception>
    /// <exception cref="CollectPromptTimeoutException">A prompt went unanswered too long; nothing the plan changed stays.</exception>
    Task RunPlanAsync(string plan, string record, RowId rowId, string? websocketId, CancellationToken cancellationToken = default);

    /// <summary>Runs a report or letter (<c>POST api/v1/collect/app/report</c>) and returns its output per destination.</summary>
    /// <param name="request">The report, script, rows and destinations.</param>
    /// <param name="websocketId">The id of the web socket the report's prompts go to, or null for none.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<CollectReport> RunReportAsync(CollectReportRequest request, string? websocketId, CancellationToken cancellationToken = default);

    /// <summary>Reads a form's structure (<c>GET api/v1/collect/ui/forms/{formid}</c>): its fields and button values.</summary>
    /// <param name="formId">The form's id, e.g. <c>35d01ff2-775d-ccb4-8f53-25d36f517384</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<CollectFormDefinition> GetFormAsync(string formId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Uploads one file into a record's folder (<c>POST api/v1/collect/app/upload</c>, multipart: the
    /// <c>json</c> part, then the <c>file</c> part). The file is streamed from <paramref name="content"/>
    /// as it is sent, never buffered whole.
    /// </summary>
    /// <param name="record">The record type, e.g. <c>debtor</c> or <c>client</c>.</param>
    /// <param name="rowId">The record's row id.</param>
    /// <param name="fileName">The file's name.</param>
    /// <param name="content">The file's bytes, read from its current position; not disposed.</param>
    /// <param name="overwrite">What to do when the folder already holds a file of that name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="CollectNotFoundException">The record does not exist.</exception>
    /// <exception cref="CollectConflictException">The name exists and <paramref name="overwrite"/> is <see cref="CollectOverwrite.No"/>.</exception>
    Task<CollectUploadResult> UploadAsync(string record, RowId rowId, string fileName, Stream content, CollectOverwrite overwrite, CancellationToken cancellationToken = default);

    /// <summary>
    /// Downloads the file of an attachment field (<c>GET api/v1/collect/app/download?record=&amp;rowid=&amp;field=</c>).
    /// The answer is streamed: read <see cref="CollectDownload.Content"/>, then dispose it.
    /// </summary>
    /// <param name="record">The record type, e.g. <c>attachment</c>, <c>contact</c>, <c>de_transaction</c>.</param>
    /// <param name="rowId">The record's row id.</param>
    /// <param name="field">The column holding the file name (e.g. <c>at_file_2</c>), or null for the record's first.</param>
    /// <param name="cancellationToken">Cancels the call (and the reading of the file, when passed to the reads).</param>
    /// <exception cref="CollectNotFoundException">The record or file does not exist.</exception>
    Task<CollectDownload> DownloadAsync(string record, RowId rowId, string? field = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Downloads a file uploaded into a record's folder, by the name the upload answered
    /// (<c>GET api/v1/collect/app/download?record=&amp;rowid=&amp;file=</c>).
    /// </summary>
    /// <param name="record">The record type, e.g. <c>debtor</c>.</param>
    /// <param name="rowId">The record's row id.</param>
    /// <param name="fileName">The file's name, as <see cref="CollectUploadResult.FileName"/> gave it.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="CollectNotFoundException">The record or file does not exist.</exception>
    Task<CollectDownload> DownloadFileAsync(string record, RowId rowId, string fileName, CancellationToken cancellationToken = default);
}

/// <summary>
/// <see cref="ICollectAppApi"/> over HTTP, through a caller-supplied <see cref="HttpClient"/> (whose
/// handlers sign in). Failures throw the <see cref="CollectApiException"/> family; a call slower than
/// <see cref="CollectClientOptions.RequestTimeout"/> (<see cref="CollectClientOptions.JobRequestTimeout"/>
/// for a plan or report that names a web socket) throws a <see cref="TimeoutException"/>.
/// </summary>
public sealed class CollectAppClient : ICollectAppApi
{
    private readonly HttpClient _http;
    private readonly string _appAddress;
    private readonly string _formsAddress;
    private readonly string? _database;
    private readonly int _maxResponseBytes;
    private readonly TimeSpan _timeout;
    private readonly TimeSpan _jobTimeout;
    private readonly TimeProvider? _clock;

    /// <summary>Creates the client. The options are validated and read once.</summary>
    /// <param name="httpClient">Sends the requests (with whatever authentication its handlers add). Not disposed by this client.</param>
    /// <param name="options">The base address, database, paths and timeout.</param>
    /// <exception cref="InvalidOperationException">The options are invalid (see <see cref="CollectClientOptions.Validate"/>).</exception>
    public CollectAppClient(HttpClient httpClient, CollectClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _http = httpClient;
        _appAddress = CollectClientOptions.Below(options.BaseAddress!, options.AppPath).AbsoluteUri + "/";
        _formsAddress = CollectClientOptions.Below(options.BaseAddress!, options.FormsPath).AbsoluteUri + "/";
        _database = options.DatabaseHeaderValue;
        _maxResponseBytes = options.MaxResponseBytes;
        _timeout = options.RequestTimeout;
        _jobTimeout = options.JobRequestTimeout;
        _clock = options.Clock;
    }

    /// <inheritdoc />
    public Task RunPlanAsync(string plan, string record, RowId rowId, string? websocketId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(plan);
        ArgumentException.ThrowIfNullOrWhiteSpace(record);
        var request = Request(HttpMethod.Post, _appAddress + "runplan", Json(AppJson.RunPlan(plan, record, rowId, websocketId)));
        return SendAsync(request, record,
            static (ReadOnlySpan<byte> json, out Envelope envelope) => CollectEnvelope.ReadStatus(json, out envelope),
            cancellationToken, IsJob(websocketId));
    }

    /// <inheritdoc />
    public Task<CollectReport> RunReportAsync(CollectReportRequest request, string? websocketId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.Report) && string.IsNullOrWhiteSpace(request.Script))
            throw new ArgumentException("A report run needs a Report name, a Script, or both.", nameof(request));
        var message = Request(HttpMethod.Post, _appAddress + "report", Json(AppJson.Report(request, websocketId)));
        return SendAsync(message, request.StartOn,
            static (ReadOnlySpan<byte> json, out Envelope envelope) => AppJson.ReadReport(json, out envelope),
            cancellationToken, IsJob(websocketId));
    }

    /// <inheritdoc />
    public Task<CollectFormDefinition> GetFormAsync(string formId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(formId);
        var request = Request(HttpMethod.Get, _formsAddress + Uri.EscapeDataString(formId.Trim()), null);
        return SendAsync(request, null,
            static (ReadOnlySpan<byte> json, out Envelope envelope) => AppJson.ReadForm(json, out envelope)!,
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<CollectUploadResult> UploadAsync(string record, RowId rowId, string fileName, Stream content, CollectOverwrite overwrite, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(record);
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        ArgumentNullException.ThrowIfNull(content);
        if (!content.CanRead) throw new ArgumentException("The upload's stream cannot be read.", nameof(content));

        // The json part first, then the file part (the docs' order).
        var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(AppJson.Upload(record, rowId, overwrite)), "json");
        var file = new StreamingContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        var request = Request(HttpMethod.Post, _appAddress + "upload", form);
        return SendAsync(request, record,
            static (ReadOnlySpan<byte> json, out Envelope envelope) => AppJson.ReadUpload(json, out envelope)!,
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<CollectDownload> DownloadAsync(string record, RowId rowId, string? field = null, CancellationToken cancellationToken = default) =>
        DownloadCoreAsync(record, rowId, "field", field, cancellationToken);

    /// <inheritdoc />
    public Task<CollectDownload> DownloadFileAsync(string record, RowId rowId, string fileName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        return DownloadCoreAsync(record, rowId, "file", fileName, cancellationToken);
    }

    private async Task<CollectDownload> DownloadCoreAsync(string record, RowId rowId, string name, string? value, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(record);
        var address = new StringBuilder(_appAddress).Append("download?record=").Append(Uri.EscapeDataString(record))
            .Append("&rowid=").Append(rowId.ToString());
        if (!string.IsNullOrEmpty(value)) address.Append('&').Append(name).Append('=').Append(Uri.EscapeDataString(value));

        using var request = Request(HttpMethod.Get, address.ToString(), null);
        var call = Call(request, record);
        var response = await CollectHttp.SendForStreamAsync(_http, request, call, cancellationToken).ConfigureAwait(false);
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            // The file may take as long as it needs, but a server that stops sending fails the read.
            if (_timeout != Timeout.InfiniteTimeSpan) stream = new IdleTimeoutStream(stream, _timeout, call.Request, _clock);
            return new CollectDownload(response, stream);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private HttpRequestMessage Request(HttpMethod method, string address, HttpContent? content)
    {
        var request = new HttpRequestMessage(method, new Uri(address, UriKind.Absolute)) { Content = content };
        if (_database is not null) request.Headers.TryAddWithoutValidation(CollectClientOptions.DatabaseHeaderName, _database);
        return request;
    }

    private CollectHttp.Call Call(HttpRequestMessage request, string? table, bool isJob = false) =>
        new(new RequestInfo(request.Method.Method, request.RequestUri!.AbsolutePath, table), _maxResponseBytes, isJob ? _jobTimeout : _timeout,
            TimeoutOption: isJob ? "CollectClientOptions." + nameof(CollectClientOptions.JobRequestTimeout) : RequestTimer.DefaultOption, Clock: _clock);

    // A call that names a web socket answers when its job ends, prompts and all: the job's limits bound it.
    private static bool IsJob(string? websocketId) => !string.IsNullOrEmpty(websocketId);

    private async Task<TResult> SendAsync<TResult>(HttpRequestMessage request, string? table, BodyReader<TResult> read, CancellationToken cancellationToken, bool isJob = false)
    {
        using (request)
            return await CollectHttp.SendAsync(_http, request, Call(request, table, isJob), read, cancellationToken).ConfigureAwait(false);
    }

    private static ByteArrayContent Json(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }

    /// <summary>
    /// A caller's stream as request content: copied to the connection as it is sent (never buffered
    /// whole) and left open, since the caller owns it. Its length is known only for a seekable stream.
    /// </summary>
    private sealed class StreamingContent(Stream source) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            source.CopyToAsync(stream);

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
            source.CopyToAsync(stream, cancellationToken);

        protected override bool TryComputeLength(out long length)
        {
            if (source.CanSeek)
            {
                length = source.Length - source.Position;
                return true;
            }
            length = 0;
            return false;
        }
    }
}
