using System;
using System.Buffers;
using System.IO;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Collect.DevServer.Http;

/// <summary>Reading request bodies and writing JSON answers.</summary>
internal static class Json
{
    // Answers go to API clients, never into HTML: non-ASCII text is sent as it is.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // The vendor's own update example has a trailing comma.
    private static readonly JsonDocumentOptions ReaderOptions = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
        MaxDepth = 32,
    };

    /// <summary>Writes a JSON answer with the given status.</summary>
    public static async Task WriteAsync(HttpContext context, int status, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions)) write(writer);
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = buffer.WrittenCount;
        await response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Writes <c>{"status": code, "message": text}</c>.</summary>
    public static Task WriteErrorAsync(HttpContext context, int status, string message) =>
        WriteAsync(context, status, w =>
        {
            w.WriteStartObject();
            w.WriteNumber("status", status);
            w.WriteString("message", message);
            w.WriteEndObject();
        });

    /// <summary>Serializes to a string (web socket messages).</summary>
    public static byte[] ToBytes(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions)) write(writer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Reads a JSON object body, at most <paramref name="maxBytes"/> long (413 beyond). A body that is
    /// not a JSON object is a 400.
    /// </summary>
    public static async Task<JsonDocument> ReadObjectAsync(HttpContext context, long maxBytes)
    {
        LimitBody(context, maxBytes);
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(context.Request.Body, ReaderOptions, context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            throw ApiException.BadRequest("The request body is not valid JSON: " + FirstLine(e.Message));
        }
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw ApiException.BadRequest("The request body must be a JSON object.");
        }
        return document;
    }

    /// <summary>Parses a JSON object from text (a multipart part, a socket message).</summary>
    public static bool TryParseObject(ReadOnlyMemory<byte> utf8, out JsonDocument? document, out string? error)
    {
        document = null;
        error = null;
        try
        {
            document = JsonDocument.Parse(utf8, ReaderOptions);
        }
        catch (JsonException e)
        {
            error = "not valid JSON: " + FirstLine(e.Message);
            return false;
        }
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            document = null;
            error = "not a JSON object";
            return false;
        }
        return true;
    }

    /// <summary>Lowers this request's body limit (Kestrel's limit is the upload limit); larger bodies answer 413.</summary>
    public static void LimitBody(HttpContext context, long maxBytes)
    {
        if (context.Request.ContentLength is { } length && length > maxBytes)
            throw new ApiException(StatusCodes.Status413PayloadTooLarge, $"The request body is {length} bytes; the limit is {maxBytes} bytes.");
        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false } && (feature.MaxRequestBodySize is null || feature.MaxRequestBodySize > maxBytes))
            feature.MaxRequestBodySize = maxBytes;
    }

    /// <summary>A string member of an object, or null when it is missing, not a string or not valid UTF-16.</summary>
    public static string? String(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String) return null;
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static string FirstLine(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }

    /// <summary>Reads a whole stream into memory up to a limit; false when it is longer.</summary>
    public static async Task<byte[]?> ReadLimitedAsync(Stream stream, int maxBytes)
    {
        using var memory = new MemoryStream();
        var buffer = new byte[8192];
        int read;
        while ((read = await stream.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            if (memory.Length + read > maxBytes) return null;
            memory.Write(buffer, 0, read);
        }
        return memory.ToArray();
    }
}
