using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;

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

    public bool IsType(string type) => string.Equals(Type, type, StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses one message; a message that is not a JSON object throws a <see cref="JsonException"/>.</summary>
    public static SocketMessage Parse(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException("A web socket message is not a JSON object.");

        var message = new SocketMessage();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var property = Property(ref reader);
            if (!reader.Read()) throw new JsonException("Unexpected end of JSON after a property name.");
            switch (property)
            {
                case Field.Type: message.Type = Text(ref reader); break;
                case Field.Subtype: message.Subtype = Text(ref reader); break;
                case Field.JobId: message.JobId = Text(ref reader); break;
                case Field.SocketId: message.SocketId = Text(ref reader); break;
                case Field.Message: message.Message = Text(ref reader); break;
                case Field.FormId: message.FormId = Text(ref reader); break;
                case Field.Buttons: message.Buttons = ReadButtons(ref reader); break;
                case Field.Data:
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    message.Data = json[start..(int)reader.BytesConsumed].ToArray();
                    break;
                default: reader.Skip(); break;
            }
        }
        if (reader.TokenType != JsonTokenType.EndObject)
            throw new JsonException("A web socket message ends before its object does.");
        return message;
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

    private enum Field { Other, Type, Subtype, JobId, SocketId, Message, FormId, Buttons, Data }

    private static Field Property(ref Utf8JsonReader reader)
    {
        if (reader.ValueTextEquals("type"u8)) return Field.Type;
        if (reader.ValueTextEquals("subtype"u8)) return Field.Subtype;
        if (reader.ValueTextEquals("jobid"u8)) return Field.JobId;
        if (reader.ValueTextEquals("websocket-id"u8)) return Field.SocketId;
        if (reader.ValueTextEquals("message"u8)) return Field.Message;
        if (reader.ValueTextEquals("formid"u8)) return Field.FormId;
        if (reader.ValueTextEquals("buttons"u8)) return Field.Buttons;
        if (reader.ValueTextEquals("data"u8)) return Field.Data;
        return Field.Other;
    }

    // A string's text, or a number's or boolean's JSON text; objects and arrays are skipped.
    private static string? Text(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String: return reader.GetString();
            case JsonTokenType.Number: return Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan.ToArray());
            case JsonTokenType.True: return "true";
            case JsonTokenType.False: return "false";
            case JsonTokenType.StartObject or JsonTokenType.StartArray: reader.Skip(); return null;
            default: return null;
        }
    }

    private static string[]? ReadButtons(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            var single = Text(ref reader);
            return single is null ? null : [single];
        }
        var buttons = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            buttons.Add(Text(ref reader) ?? "");
        return buttons.ToArray();
    }
}
