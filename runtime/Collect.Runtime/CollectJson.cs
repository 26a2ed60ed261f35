using System;
using System.Buffers;
using System.Buffers.Text;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Collect.Runtime;

/// <summary>
/// Lenient readers and API-shaped writers for Collect! column values, shared by all generated
/// code so that each generated type holds only its column list. Readers accept a JSON string, a
/// bare number (or <c>true</c>/<c>false</c>) or <c>null</c>; an empty string means "no value".
/// Writers send every value as a JSON string, as the API's examples do.
/// </summary>
public static class CollectJson
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Checks that the reader is at the start of an object (the start of a record).</summary>
    /// <exception cref="JsonException">The current token is not <c>{</c>.</exception>
    public static void ExpectStartObject(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException($"Expected a JSON object for a Collect! record, found {reader.TokenType}.");
    }

    /// <summary>
    /// Moves to the next property of the current object and onto its value. Returns the index of the
    /// property's name in <paramref name="columns"/> (or -1 for a column the type does not know) in
    /// <paramref name="column"/>; returns false at the end of the object.
    /// </summary>
    public static bool NextColumn(ref Utf8JsonReader reader, ColumnIndex columns, out int column)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.PropertyName)
        {
            column = -1;
            return false;
        }
        column = columns.Find(ref reader);
        if (!reader.Read())
            throw new JsonException("Unexpected end of JSON after a property name.");
        return true;
    }

    /// <summary>
    /// Like <see cref="NextColumn(ref Utf8JsonReader, ColumnIndex, out int)"/>, and also gives the
    /// property's name when the type does not know the column (<paramref name="column"/> is -1).
    /// </summary>
    public static bool NextColumn(ref Utf8JsonReader reader, ColumnIndex columns, out int column, out string? otherName)
    {
        otherName = null;
        if (!reader.Read() || reader.TokenType != JsonTokenType.PropertyName)
        {
            column = -1;
            return false;
        }
        column = columns.Find(ref reader);
        if (column < 0) otherName = reader.GetString();
        if (!reader.Read())
            throw new JsonException("Unexpected end of JSON after a property name.");
        return true;
    }

    /// <summary>Writes values kept for columns a type does not declare, unchanged.</summary>
    public static void WriteOthers(Utf8JsonWriter writer, IReadOnlyDictionary<string, JsonElement>? values)
    {
        if (values is null) return;
        foreach (var pair in values)
        {
            writer.WritePropertyName(pair.Key);
            pair.Value.WriteTo(writer);
        }
    }

    /// <summary>Reads a string value; numbers and booleans are returned as their JSON text.</summary>
    public static string? ReadString(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => EmptyAsNull(reader.GetString()),
        JsonTokenType.Null => null,
        JsonTokenType.Number => Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan.ToArray()),
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        _ => throw Unexpected(ref reader, "a string"),
    };

    /// <summary>Reads a 32-bit integer from a string or a number.</summary>
    public static int? ReadInt32(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var number))
            return number;
        var text = Text(ref reader, "an integer");
        if (text is null) return null;
        return int.TryParse(text, NumberStyles.Integer, Invariant, out var value)
            ? value
            : throw Invalid(text, "an integer");
    }

    /// <summary>Reads a 64-bit integer from a string or a number.</summary>
    public static long? ReadInt64(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var number))
            return number;
        var text = Text(ref reader, "an integer");
        if (text is null) return null;
        return long.TryParse(text, NumberStyles.Integer, Invariant, out var value)
            ? value
            : throw Invalid(text, "an integer");
    }

    /// <summary>Reads a decimal number (amounts, money) from a string or a number.</summary>
    public static decimal? ReadDecimal(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetDecimal(out var number))
            return number;
        var text = Text(ref reader, "a number");
        if (text is null) return null;
        return decimal.TryParse(text, NumberStyles.Number | NumberStyles.AllowExponent, Invariant, out var value)
            ? value
            : throw Invalid(text, "a number");
    }

    /// <summary>Reads a boolean: <c>true</c>/<c>false</c>, <c>1</c>/<c>0</c>, <c>yes</c>/<c>no</c>, <c>y</c>/<c>n</c>.</summary>
    public static bool? ReadBoolean(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.True: return true;
            case JsonTokenType.False: return false;
        }
        var text = Text(ref reader, "a boolean");
        if (text is null) return null;
        switch (text.Trim().ToLowerInvariant())
        {
            case "1": case "true": case "yes": case "y": return true;
            case "0": case "false": case "no": case "n": return false;
            default: throw Invalid(text, "a boolean");
        }
    }

    /// <summary>Reads a <c>yyyy-MM-dd</c> date.</summary>
    public static DateOnly? ReadDate(ref Utf8JsonReader reader)
    {
        var text = Text(ref reader, "a date");
        if (text is null) return null;
        return DateOnly.TryParseExact(text, "yyyy-MM-dd", Invariant, DateTimeStyles.AllowWhiteSpaces, out var value)
            ? value
            : throw Invalid(text, "a yyyy-MM-dd date");
    }

    /// <summary>Reads an <c>HH:mm:ss</c> time (<c>HH:mm</c> is accepted too).</summary>
    public static TimeOnly? ReadTime(ref Utf8JsonReader reader)
    {
        var text = Text(ref reader, "a time");
        if (text is null) return null;
        return TimeOnly.TryParseExact(text, TimeFormats, Invariant, DateTimeStyles.AllowWhiteSpaces, out var value)
            ? value
            : throw Invalid(text, "an HH:mm:ss time");
    }

    /// <summary>Reads a <c>yyyy-MM-dd HH:mm:ss</c> date and time (a <c>T</c> separator or a date alone is accepted too).</summary>
    public static DateTime? ReadDateTime(ref Utf8JsonReader reader)
    {
        var text = Text(ref reader, "a date and time");
        if (text is null) return null;
        return DateTime.TryParseExact(text, DateTimeFormats, Invariant, DateTimeStyles.AllowWhiteSpaces, out var value)
            ? value
            : throw Invalid(text, "a yyyy-MM-dd HH:mm:ss date and time");
    }

    /// <summary>Reads a row id from a string of digits or a number.</summary>
    public static RowId? ReadRowId(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var number))
            return new RowId(number);
        var text = Text(ref reader, "a row id");
        if (text is null) return null;
        return RowId.TryParse(text, out var value) ? value : throw Invalid(text, "a row id");
    }

    /// <summary>Reads any value as a detached <see cref="JsonElement"/> (for columns a type does not declare).</summary>
    public static JsonElement ReadElement(ref Utf8JsonReader reader) => JsonElement.ParseValue(ref reader);

    /// <summary>Writes a string column. Null is skipped, or written as <c>""</c> when <paramref name="writeEmpty"/> is set (clearing a value).</summary>
    public static void Write(Utf8JsonWriter writer, ReadOnlySpan<byte> column, string? value, bool writeEmpty)
    {
        if (value is null) { WriteEmpty(writer, column, writeEmpty); return; }
        writer.WriteString(column, value);
    }

    /// <inheritdoc cref="Write(Utf8JsonWriter, ReadOnlySpan{byte}, string?, bool)"/>
    public static void Write(Utf8JsonWriter writer, ReadOnlySpan<byte> column, int? value, bool writeEmpty)
    {
        if (value is not { } v) { WriteEmpty(writer, column, writeEmpty); return; }
        Span<byte> buffer = stackalloc byte[16];
        Utf8Formatter.TryFormat(v, buffer, out var written);
        writer.WriteString(column, buffer[..written]);
    }

    /// <inheritdoc cref="Write(Utf8JsonWriter, ReadOnlySpan{byte}, string?, bool)"/>
    public static void Write(Utf8JsonWriter writer, ReadOnlySpan<byte> column, long? value, bool writeEmpty)
    {
        if (value is not { } v) { WriteEmpty(writer, column, writeEmpty); return; }
        Span<byte> buffer = stackalloc byte[24];
        Utf8Formatter.TryFormat(v, buffer, out var written);
        writer.WriteString(column, buffer[..written]);
    }

    /// <inheritdoc cref="Write(Utf8JsonWriter, ReadOnlySpan{byte}, string?, bool)"/>
    public static void Write(Utf8JsonWriter writer, ReadOnlySpan<byte> column, decimal? value, bool writeEmpty)
    {
        if (value is not { } v) { WriteEmpty(writer, column, writeEmpty); return; }
        Span<byte> buffer = stackalloc byte[40];
        Utf8Formatter.TryFormat(v, buffer, out var written);
        writer.WriteString(column, buffer[..written]);
    }

    /// <summary>Writes a boolean column as <c>"1"</c> or <c>"0"</c> (Collect! switches are integers).</summary>
    public static void Write(Utf8JsonWriter writer, ReadOnlySpan<byte> column, bool? value, bool writeEmpty)
    {
        if (value is not { } v) { WriteEmpty(writer, column, writeEmpty); return; }
        writer.WriteString(column, v ? "1"u8 : "0"u8);
    }

    /// <summary>Writes a date column as <c>yyyy-MM-dd</c>.</summary>
    public static void Write(Utf8JsonWriter writer, ReadOnlySpan<byte> column, DateOnly? value, bool writeEmpty)
    {
        if (value is not { } v) { WriteEmpty(writer, column, writeEmpty); return; }
        Span<char> buffer = stackalloc char[10];
        v.TryFormat(buffer, out var written, "yyyy-MM-dd", Invariant);
        writer.WriteString(column, buffer[..written]);
    }

    /// <summary>Writes a time column as <c>HH:mm:ss</c>.</summary>
    public static void Write(Utf8JsonWriter writer, ReadOnlySpan<byte> column, TimeOnly? value, bool writeEmpty)
    {
        if (value is not { } v) { WriteEmpty(writer, column, writeEmpty); return; }
        Span<char> buffer = stackalloc char[8];
        v.TryFormat(buffer, out var written, "HH:mm:ss", Invariant);
        writer.WriteString(column, buffer[..written]);
    }

    /// <summary>Writes a date-and-time column as <c>yyyy-MM-dd HH:mm:ss</c>.</summary>
    public static void Write(Utf8JsonWriter writer, ReadOnlySpan<byte> column, DateTime? value, bool writeEmpty)
    {
        if (value is not { } v) { WriteEmpty(writer, column, writeEmpty); return; }
        Span<char> buffer = stackalloc char[19];
        v.TryFormat(buffer, out var written, "yyyy-MM-dd HH:mm:ss", Invariant);
        writer.WriteString(column, buffer[..written]);
    }

    /// <summary>Writes a row-id column as a string of digits.</summary>
    public static void Write(Utf8JsonWriter writer, ReadOnlySpan<byte> column, RowId? value, bool writeEmpty) =>
        Write(writer, column, value?.Value, writeEmpty);

    private static void WriteEmpty(Utf8JsonWriter writer, ReadOnlySpan<byte> column, bool writeEmpty)
    {
        if (writeEmpty) writer.WriteString(column, ""u8);
    }

    private static readonly string[] TimeFormats = ["HH:mm:ss", "HH:mm", "H:mm:ss", "H:mm"];
    private static readonly string[] DateTimeFormats =
        ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-ddTHH:mm", "yyyy-MM-dd"];

    private static string? EmptyAsNull(string? text) => string.IsNullOrEmpty(text) ? null : text;

    // The text of a string or number token, null for an empty string or JSON null.
    private static string? Text(ref Utf8JsonReader reader, string expected) => reader.TokenType switch
    {
        JsonTokenType.String => string.IsNullOrWhiteSpace(reader.GetString()) ? null : reader.GetString(),
        JsonTokenType.Null => null,
        JsonTokenType.Number => Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan.ToArray()),
        _ => throw Unexpected(ref reader, expected),
    };

    private static JsonException Unexpected(ref Utf8JsonReader reader, string expected) =>
        new($"Expected {expected} (a JSON string or number), found {reader.TokenType}.");

    private static JsonException Invalid(string text, string expected) =>
        new($"Cannot read '{Excerpt(text)}' as {expected}.");

    private static string Excerpt(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
