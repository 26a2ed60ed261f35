using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Collect.Runtime.Internal;

/// <summary>Reads an answer's body into a result, reporting the envelope's <c>status</c> and <c>message</c>.</summary>
internal delegate TResult BodyReader<TResult>(ReadOnlySpan<byte> json, out Envelope envelope);

/// <summary>
/// One API call over an <see cref="HttpClient"/>: the time limit, the mapping of failures to the
/// <see cref="CollectApiException"/> family, and the redaction of the request's secrets.
/// </summary>
internal static class CollectHttp
{
    /// <summary>Error bodies are read only for their message and an excerpt.</summary>
    public const int MaxErrorBodyBytes = 64 * 1024;

    private static readonly string[] SecretHeaders = ["Authorization", "Proxy-Authorization", "Cookie"];

    /// <summary>Everything about a call besides its request and how its body is read.</summary>
    /// <param name="Request">The method, path and table, for messages.</param>
    /// <param name="MaxResponseBytes">The largest body read.</param>
    /// <param name="Timeout">The call's time limit.</param>
    /// <param name="Secrets">Texts no message may quote, besides the request's credential headers.</param>
    /// <param name="Context">A prefix for exception messages, e.g. "Signing in as OWN: ".</param>
    /// <param name="TimeoutOption">The option <paramref name="Timeout"/> comes from, for the timeout's message.</param>
    /// <param name="Clock">The clock that measures <paramref name="Timeout"/> (null: the system clock).</param>
    public readonly record struct Call(RequestInfo Request, int MaxResponseBytes, TimeSpan Timeout, IReadOnlyList<string>? Secrets = null, string? Context = null,
        string TimeoutOption = RequestTimer.DefaultOption, TimeProvider? Clock = null);

    /// <summary>Sends <paramref name="request"/> and reads its whole answer with <paramref name="read"/>.</summary>
    public static async Task<TResult> SendAsync<TResult>(HttpClient http, HttpRequestMessage request, Call call, BodyReader<TResult> read, CancellationToken cancellationToken)
    {
        using var timer = RequestTimer.Start(call.Timeout, cancellationToken, call.TimeoutOption, call.Clock);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timer.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (status != 200) throw await FailureAsync(http, request, response, call, timer.Token).ConfigureAwait(false);

            using var body = await ResponseBody.ReadAsync(response.Content, call.MaxResponseBytes, timer.Token).ConfigureAwait(false);
            if (body.IsCut) throw CollectErrors.TooLarge(call.Request, status, call.MaxResponseBytes);
            return Parse(http, request, body, call, read);
        }
        catch (OperationCanceledException e) when (timer.Translate(e, cancellationToken, call.Request) is { } translated)
        {
            throw translated;
        }
    }

    /// <summary>
    /// Sends <paramref name="request"/> and returns the answer as soon as its headers arrived, for the
    /// caller to stream its body; the time limit covers only the wait for the headers. A failure
    /// answer is read, disposed and thrown.
    /// </summary>
    public static async Task<HttpResponseMessage> SendForStreamAsync(HttpClient http, HttpRequestMessage request, Call call, CancellationToken cancellationToken)
    {
        using var timer = RequestTimer.Start(call.Timeout, cancellationToken, call.TimeoutOption, call.Clock);
        HttpResponseMessage? response = null;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timer.Token).ConfigureAwait(false);
            if ((int)response.StatusCode != 200) throw await FailureAsync(http, request, response, call, timer.Token).ConfigureAwait(false);
            return response;
        }
        catch (Exception e)
        {
            response?.Dispose();
            if (e is OperationCanceledException canceled && timer.Translate(canceled, cancellationToken, call.Request) is { } translated) throw translated;
            throw;
        }
    }

    private static async Task<CollectApiException> FailureAsync(HttpClient http, HttpRequestMessage request, HttpResponseMessage response, Call call, CancellationToken cancellationToken)
    {
        using var errorBody = await ResponseBody.ReadAsync(response.Content, MaxErrorBodyBytes, cancellationToken).ConfigureAwait(false);
        return CollectErrors.Failure(call.Request, (int)response.StatusCode, response.ReasonPhrase, errorBody.Span, Secrets(http, request, call.Secrets), call.Context);
    }

    private static TResult Parse<TResult>(HttpClient http, HttpRequestMessage request, ResponseBody body, Call call, BodyReader<TResult> read)
    {
        TResult result;
        Envelope envelope;
        try
        {
            result = read(body.Span, out envelope);
        }
        catch (Exception e) when (e is JsonException or FormatException or OverflowException or InvalidOperationException or ArgumentException)
        {
            throw CollectErrors.UnexpectedBody(call.Request, body.Span, e.Message, e, Secrets(http, request, call.Secrets), call.Context);
        }
        if (envelope.Status is { } status && status != 200)
            throw CollectErrors.StatusInBody(call.Request, envelope, body.Span, Secrets(http, request, call.Secrets), call.Context);
        if (envelope.Problem is { } problem)
            throw CollectErrors.UnexpectedBody(call.Request, body.Span, problem, null, Secrets(http, request, call.Secrets), call.Context);
        return result;
    }

    /// <summary>
    /// Texts a request carries that no exception may quote, besides its credential headers: the
    /// <see cref="CollectAuthenticationHandler"/> records the tokens it used (access and refresh) here.
    /// </summary>
    internal static readonly HttpRequestOptionsKey<string[]> RequestSecrets = new("Collect.Runtime.Secrets");

    /// <summary>Adds <paramref name="values"/> to the request's <see cref="RequestSecrets"/>.</summary>
    internal static void AddRequestSecrets(HttpRequestMessage request, params string?[] values)
    {
        request.Options.TryGetValue(RequestSecrets, out var known);
        var all = new List<string>(known ?? []);
        foreach (var value in values)
        {
            if (!string.IsNullOrEmpty(value) && !all.Contains(value)) all.Add(value);
        }
        request.Options.Set(RequestSecrets, all.ToArray());
    }

    /// <summary>
    /// The values of the request's credential headers (and the token alone, after its scheme), the
    /// tokens the request was sent with, and the call's own secrets, longest first, so that no exception
    /// text can quote them. Short ones are kept too: <see cref="SecretRedactor"/> withholds a text that
    /// quotes one rather than printing it.
    /// </summary>
    public static List<string> Secrets(HttpClient http, HttpRequestMessage request, IReadOnlyList<string>? extra)
    {
        var secrets = new List<string>();
        foreach (var headers in new HttpHeaders[] { request.Headers, http.DefaultRequestHeaders })
        {
            foreach (var name in SecretHeaders)
            {
                if (!headers.TryGetValues(name, out var values)) continue;
                foreach (var value in values)
                {
                    var trimmed = value.Trim();
                    AddSecret(secrets, trimmed);
                    var space = trimmed.IndexOf(' ', StringComparison.Ordinal);
                    if (space > 0) AddSecret(secrets, trimmed[(space + 1)..].Trim());
                }
            }
        }
        if (request.Options.TryGetValue(RequestSecrets, out var tokens))
        {
            foreach (var value in tokens) AddSecret(secrets, value);
        }
        if (extra is not null)
        {
            // Passwords as they are (not trimmed), however short: quoting one is never acceptable.
            foreach (var value in extra) AddSecret(secrets, value);
        }
        secrets.Sort(static (a, b) => b.Length.CompareTo(a.Length));
        return secrets;
    }

    private static void AddSecret(List<string> secrets, string? value)
    {
        if (!string.IsNullOrEmpty(value) && !secrets.Contains(value)) secrets.Add(value);
    }
}
