using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Collect.Runtime.Internal;

namespace Collect.Runtime.Jobs;

/// <summary>
/// One server → client message (API.md §11): <c>{"type":"key","message":"..."}</c>,
/// <c>{"websocket-id","jobid","type":"start"}</c>, a prompt (<c>subtype</c>, <c>message</c>,
/// <c>buttons</c>, <c>formid</c>, <c>data</c>), <c>{"type":"end"}</c> or an <c>error</c>. Every text
/// member may come as a string, a number or a boolean; <c>data</c> is kept as its raw JSON so a form
/// can be read from it by its generated reader. Read through the source-generated <see cref="CollectJsonContext"/>.
/// </summary>
internal sealed class SocketMessage
{
    [JsonPropertyName("type"), JsonConverter(typeof(SocketTextConverter))]
    public string? Type { get; set; }

    [JsonPropertyName("subtype"), JsonConverter(typeof(SocketTextConverter))]
    public string? Subtype { get; set; }

    [JsonPropertyName("jobid"), JsonConverter(typeof(SocketTextConverter))]
    public string? JobId { get; set; }

    [JsonPropertyName("websocket-id"), JsonConverter(typeof(SocketTextConverter))]
    public string? SocketId { get; set; }

    [JsonPropertyName("message"), JsonConverter(typeof(SocketTextConverter))]
    public string? Message { get; set; }

    [JsonPropertyName("formid"), JsonConverter(typeof(SocketTextConverter))]
    public string? FormId { get; set; }

    /// <summary>An array of captions, or one caption taken as an array of one.</summary>
    [JsonPropertyName("buttons"), JsonConverter(typeof(SocketButtonsConverter))]
    public IReadOnlyList<string>? Buttons { get; set; }

    /// <summary>The raw JSON of <c>data</c> (<c>null</c> included), or empty when the message has none.</summary>
    [JsonPropertyName("data"), JsonConverter(typeof(RawJsonConverter))]
    public ReadOnlyMemory<byte> Data { get; set; }

    private static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public bool IsType(string type) => string.Equals(Type, type, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Parses one message through the source-generated <see cref="CollectJsonContext"/>; a message that
    /// is not a JSON object throws a <see cref="JsonException"/>. Only the object is read: whatever
    /// follows it in the frame is ignored, as it always was.
    /// </summary>
    public static SocketMessage Parse(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, ReaderOptions);
        var first = reader;
        if (!first.Read() || first.TokenType != JsonTokenType.StartObject)
            throw new JsonException("A web socket message is not a JSON object.");
        return JsonSerializer.Deserialize(ref reader, CollectJsonContext.Default.SocketMessage)
            ?? throw new JsonException("A web socket message is not a JSON object.");
    }

    /// <summary>Reads <c>data.value</c> (string and date prompts) as text; null when missing.</summary>
    public string? DataValue()
    {
        if (Data.IsEmpty) return null;
        var reader = new Utf8JsonReader(Data.Span);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            return reader.TokenType is JsonTokenType.String or JsonTokenType.Number ? Text(ref reader) : null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isValue = reader.ValueTextEquals("value"u8);
            reader.Read();
            if (isValue) return Text(ref reader);
            reader.Skip();
        }
        return null;
    }

    // A string's text, or a number's or boolean's JSON text; objects and arrays are skipped.
    private static string? Text(ref Utf8JsonReader reader) => SocketTextConverter.Text(ref reader);
}
