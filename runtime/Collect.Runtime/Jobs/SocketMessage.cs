using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using Collect.Runtime.Internal;

namespace Collect.Runtime.Jobs;

/// <summary>
/// One server → client message (API.md §11): the envelope's fields, with <c>data</c> kept as its
/// raw JSON so a form can be read from it by its generated reader.
/// </summary>
internal sealed class SocketMessage
{
    public string? Type { get; private set; }

    public string? Subtype { get; private set; }

    public string? JobId { get; private set; }

    public string? SocketId { get; private set; }

    public string? Message { get; private set; }

    public string? FormId { get; private set; }

    public IReadOnlyList<string>? Buttons { get; private set; }

    /// <summary>The raw JSON of <c>data</c>, or empty when the message has none.</summary>
    public ReadOnlyMemory<byte> Data { get; private set; }

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
        var body = JsonSerializer.Deserialize(ref reader, CollectJsonContext.Default.SocketMessageBody)
            ?? throw new JsonException("A web socket message is not a JSON object.");
        return new SocketMessage
        {
            Type = body.Type,
            Subtype = body.Subtype,
            JobId = body.JobId,
            SocketId = body.SocketId,
            Message = body.Message,
            FormId = body.FormId,
            Buttons = body.Buttons,
            Data = body.Data,
        };
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
