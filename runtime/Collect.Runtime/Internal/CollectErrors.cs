using System;
using System.Collections.Generic;
using System.Text;

namespace Collect.Runtime.Internal;

/// <summary>The request an exception is about: never its query string, headers or body.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The request's path, without the query string.</param>
/// <param name="Table">The table the path names.</param>
internal readonly record struct RequestInfo(string Method, string Path, string? Table)
{
    public override string ToString() => Table is null ? $"{Method} {Path}" : $"{Method} {Path} (table {Table})";
}

/// <summary>
/// Builds the <see cref="CollectApiException"/> family from failed answers. Every text that reaches
/// an exception (message, server message, excerpt) has the request's secrets replaced first.
/// </summary>
internal static class CollectErrors
{
    private const int MaxServerMessageLength = 500;
    // Enough of the body that a secret crossing the excerpt's end is still seen whole and redacted.
    private const int ExcerptSourceBytes = 4096;
    private const string WithheldBody = " and a body that is not shown: it may quote a credential the request sent.";
    private const string WithheldMessage = " (The server's message is not shown: it may quote a credential the request sent.)";

    /// <summary>A non-200 answer, or a 200 whose body's <c>status</c> said otherwise.</summary>
    public static CollectApiException Failure(RequestInfo request, int statusCode, string? reason, ReadOnlySpan<byte> body, IReadOnlyList<string> secrets, string? context = null)
    {
        var isJson = CollectEnvelope.TryReadError(body, out var envelope);
        var serverMessage = Shorten(Redact(envelope.Message, secrets, out var messageWithheld), MaxServerMessageLength);
        var excerpt = Excerpt(body, secrets, out var excerptWithheld);
        reason = Redact(reason, secrets, out var reasonWithheld);
        var message = new StringBuilder().Append(context).Append(request).Append(" failed with HTTP ").Append(statusCode);
        if (!string.IsNullOrWhiteSpace(reason)) message.Append(' ').Append(reason);
        if (!string.IsNullOrWhiteSpace(serverMessage)) message.Append(": ").Append(serverMessage);
        else if (excerpt is null) message.Append(excerptWithheld ? WithheldBody : " and an empty body.");
        else if (isJson) message.Append("; body: ").Append(excerpt);
        else message.Append(" and a body that is not the API's JSON (HTML from a proxy, or cut short): ").Append(excerpt);
        if (messageWithheld || reasonWithheld) message.Append(WithheldMessage);
        return Create(statusCode, Mask(message.ToString(), secrets), request, serverMessage, excerpt, null);
    }

    /// <summary>An HTTP 200 whose body says another status.</summary>
    public static CollectApiException StatusInBody(RequestInfo request, Envelope envelope, ReadOnlySpan<byte> body, IReadOnlyList<string> secrets, string? context = null)
    {
        var status = envelope.Status ?? 0;
        var serverMessage = Shorten(Redact(envelope.Message, secrets, out var withheld), MaxServerMessageLength);
        var excerpt = Excerpt(body, secrets, out _);
        var message = $"{context}{request} answered HTTP 200, but its body says status {status}" +
            (string.IsNullOrWhiteSpace(serverMessage) ? "." : ": " + serverMessage) + (withheld ? WithheldMessage : "");
        return Create(status, Mask(message, secrets), request, serverMessage, excerpt, null);
    }

    /// <summary>An HTTP 200 whose body is not the JSON the call expects.</summary>
    public static CollectApiException UnexpectedBody(RequestInfo request, ReadOnlySpan<byte> body, string problem, Exception? cause, IReadOnlyList<string> secrets, string? context = null)
    {
        var excerpt = Excerpt(body, secrets, out var withheld);
        problem = Redact(problem, secrets, out var problemWithheld) ?? "its text may quote a secret";
        var message = excerpt is null
            ? withheld
                ? $"{context}{request} answered HTTP 200, but the body was not the expected JSON ({problem.TrimEnd('.')}){WithheldBody}"
                : $"{context}{request} answered HTTP 200 with an empty body, not the expected JSON."
            : $"{context}{request} answered HTTP 200, but the body was not the expected JSON ({problem.TrimEnd('.')}). Body: {excerpt}";
        // The cause's message can quote the body; keep it only when it holds no secret.
        var inner = cause is not null && !problemWithheld && Redact(cause.Message, secrets, out var causeWithheld) == cause.Message && !causeWithheld ? cause : null;
        return Create(200, Mask(message, secrets), request, null, excerpt, inner);
    }

    /// <summary>An answer larger than the client reads.</summary>
    public static CollectApiException TooLarge(RequestInfo request, int statusCode, int limit) =>
        Create(statusCode, $"{request} answered more than {limit} bytes (CollectClientOptions.MaxResponseBytes); the body was not read.", request, null, null, null);

    private static CollectApiException Create(int statusCode, string message, RequestInfo request, string? serverMessage, string? excerpt, Exception? inner) =>
        statusCode switch
        {
            400 => new CollectBadRequestException(message, inner) { Table = request.Table, Method = request.Method, Path = request.Path, ServerMessage = serverMessage, BodyExcerpt = excerpt },
            401 => new CollectAuthenticationException(message, inner) { Table = request.Table, Method = request.Method, Path = request.Path, ServerMessage = serverMessage, BodyExcerpt = excerpt },
            404 => new CollectNotFoundException(message, inner) { Table = request.Table, Method = request.Method, Path = request.Path, ServerMessage = serverMessage, BodyExcerpt = excerpt },
            405 => new CollectMethodNotAllowedException(message, inner) { Table = request.Table, Method = request.Method, Path = request.Path, ServerMessage = serverMessage, BodyExcerpt = excerpt },
            408 => new CollectPromptTimeoutException(message, inner) { Table = request.Table, Method = request.Method, Path = request.Path, ServerMessage = serverMessage, BodyExcerpt = excerpt },
            409 => new CollectConflictException(message, inner) { Table = request.Table, Method = request.Method, Path = request.Path, ServerMessage = serverMessage, BodyExcerpt = excerpt },
            _ => new CollectApiException(message, statusCode, inner) { Table = request.Table, Method = request.Method, Path = request.Path, ServerMessage = serverMessage, BodyExcerpt = excerpt },
        };

    /// <summary>
    /// The start of a body as one line: decoded as UTF-8, secrets replaced (see <see cref="SecretRedactor"/>),
    /// white space and control characters collapsed, cut to <see cref="CollectApiException.MaxExcerptLength"/>.
    /// Null for an empty body, or (with <paramref name="withheld"/> set) one that quotes a secret too short to replace.
    /// </summary>
    internal static string? Excerpt(ReadOnlySpan<byte> body, IReadOnlyList<string> secrets, out bool withheld)
    {
        withheld = false;
        if (body.IsEmpty) return null;
        var text = Redact(Encoding.UTF8.GetString(body[..Math.Min(body.Length, ExcerptSourceBytes)]), secrets, out withheld);
        if (text is null) return null;
        var line = new StringBuilder(Math.Min(text.Length, CollectApiException.MaxExcerptLength + 1));
        var gap = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                gap = line.Length > 0;
                continue;
            }
            if (gap) line.Append(' ');
            gap = false;
            line.Append(c);
            if (line.Length > CollectApiException.MaxExcerptLength) break;
        }
        return line.Length == 0 ? null : Shorten(line.ToString(), CollectApiException.MaxExcerptLength);
    }

    /// <summary>Cuts a text to at most <paramref name="max"/> characters, ending in "…" when cut, never inside a surrogate pair.</summary>
    internal static string? Shorten(string? text, int max)
    {
        if (text is null || text.Length <= max) return text;
        var cut = max - 1;
        if (char.IsHighSurrogate(text[cut - 1])) cut--;
        return string.Concat(text.AsSpan(0, cut), "…");
    }

    /// <summary>
    /// <paramref name="text"/> from the server with every secret replaced, in any escaping; null (and
    /// <paramref name="withheld"/> true) when it quotes a secret too short to replace.
    /// </summary>
    internal static string? Redact(string? text, IReadOnlyList<string> secrets, out bool withheld) =>
        SecretRedactor.Redact(text, secrets, out withheld);

    // The final message holds the redacted server texts and our own words (context, method, path);
    // replacing secrets once more is a safety net, and our own words are never withheld.
    private static string Mask(string message, IReadOnlyList<string> secrets)
    {
        var replaceable = new List<string>(secrets.Count);
        foreach (var secret in secrets)
        {
            if (secret.Length >= SecretRedactor.MinReplaceableLength) replaceable.Add(secret);
        }
        return SecretRedactor.Redact(message, replaceable, out _)!;
    }
}
