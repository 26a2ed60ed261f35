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
// Hand-written on purpose: the runtime's fixed-shape messages go through the source-generated
// CollectJsonContext, but records are read and written by the code Collect Codegen generates, which
// the System.Text.Json source generator cannot see, leniently per column, on the benchmarked hot path.
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
        JsonTokenType.Number => NumberText(ref reader),
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        _ => throw Unexpected(ref reader, "a string"),
    };

    /// <summary>Reads a 32-bit integer from a string or a number.</summary>
    public static int? ReadInt32(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var number))
            return number;
        Span<char> buffer = stackalloc char[StackTextLength];
        var length = CopyText(ref reader, "an integer", buffer);
        ReadOnlySpan<char> text = length >= 0 ? buffer[..length] : Text(ref reader, "an integer");
        if (text.IsWhiteSpace()) return null;
        return int.TryParse(text, NumberStyles.Integer, Invariant, out var value)
            ? value
            : throw InvalidInteger(text, "a 32-bit integer", int.MinValue, int.MaxValue);
    }

    /// <summary>Reads a 64-bit integer from a string or a number.</summary>
    public static long? ReadInt64(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var number))
            return number;
        Span<char> buffer = stackalloc char[StackTextLength];
        var length = CopyText(ref reader, "an integer", buffer);
        ReadOnlySpan<char> text = length >= 0 ? buffer[..length] : Text(ref reader, "an integer");
        if (text.IsWhiteSpace()) return null;
        return long.TryParse(text, NumberStyles.Integer, Invariant, out var value)
            ? value
            : throw InvalidInteger(text, "a 64-bit integer", long.MinValue, long.MaxValue);
    }

    /// <summary>Reads a decimal number (amounts, money) from a string or a number.</summary>
    public static decimal? ReadDecimal(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetDecimal(out var number))
            return number;
        Span<char> buffer = stackalloc char[StackTextLength];
        var length = CopyText(ref reader, "a number", buffer);
        ReadOnlySpan<char> text = length >= 0 ? buffer[..length] : Text(ref reader, "a number");
        if (text.IsWhiteSpace()) return null;
        if (decimal.TryParse(text, NumberStyles.Number | NumberStyles.AllowExponent, Invariant, out var value)) return value;
        // A well-formed number that does not fit says so, rather than that it is not a number.
        throw double.TryParse(text, NumberStyles.Float, Invariant, out var approximate) && !double.IsNaN(approximate)
            ? new JsonException($"Cannot read '{Excerpt(text)}' as a number: it is outside the range of decimal (about ±7.9e28).")
            : Invalid(text, "a number");
    }

    /// <summary>Reads a boolean: <c>true</c>/<c>false</c>, <c>1</c>/<c>0</c>, <c>yes</c>/<c>no</c>, <c>y</c>/<c>n</c>.</summary>
    public static bool? ReadBoolean(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.True: return true;
            case JsonTokenType.False: return false;
        }
        Span<char> buffer = stackalloc char[StackTextLength];
        var length = CopyText(ref reader, "a boolean", buffer);
        ReadOnlySpan<char> text = length >= 0 ? buffer[..length] : Text(ref reader, "a boolean");
        if (text.IsWhiteSpace()) return null;
        var word = text.Trim();
        if (Ascii.IsValid(word))
        {
            // ASCII only: ignoring case here is what lower-casing does below.
            if (word is "1" || word.Equals("true", StringComparison.OrdinalIgnoreCase) || word.Equals("yes", StringComparison.OrdinalIgnoreCase) || word.Equals("y", StringComparison.OrdinalIgnoreCase))
                return true;
            if (word is "0" || word.Equals("false", StringComparison.OrdinalIgnoreCase) || word.Equals("no", StringComparison.OrdinalIgnoreCase) || word.Equals("n", StringComparison.OrdinalIgnoreCase))
                return false;
            throw Invalid(text, "a boolean");
        }
        switch (word.ToString().ToLowerInvariant())
        {
            case "1": case "true": case "yes": case "y": return true;
            case "0": case "false": case "no": case "n": return false;
            default: throw Invalid(text, "a boolean");
        }
    }

    /// <summary>Reads a <c>yyyy-MM-dd</c> date.</summary>
    public static DateOnly? ReadDate(ref Utf8JsonReader reader)
    {
        Span<char> buffer = stackalloc char[StackTextLength];
        var length = CopyText(ref reader, "a date", buffer);
        ReadOnlySpan<char> text = length >= 0 ? buffer[..length] : Text(ref reader, "a date");
        if (text.IsWhiteSpace()) return null;
        if (TryParseIsoDate(text, out var date)) return date;
        return DateOnly.TryParseExact(text, "yyyy-MM-dd", Invariant, DateTimeStyles.AllowWhiteSpaces, out var value)
            ? value
            : throw Invalid(text, "a yyyy-MM-dd date");
    }

    /// <summary>Reads an <c>HH:mm:ss</c> time (<c>HH:mm</c> is accepted too).</summary>
    public static TimeOnly? ReadTime(ref Utf8JsonReader reader)
    {
        Span<char> buffer = stackalloc char[StackTextLength];
        var length = CopyText(ref reader, "a time", buffer);
        ReadOnlySpan<char> text = length >= 0 ? buffer[..length] : Text(ref reader, "a time");
        if (text.IsWhiteSpace()) return null;
        return TimeOnly.TryParseExact(text, TimeFormats, Invariant, DateTimeStyles.AllowWhiteSpaces, out var value)
            ? value
            : throw Invalid(text, "an HH:mm:ss time");
    }

    /// <summary>Reads a <c>yyyy-MM-dd HH:mm:ss</c> date and time (a <c>T</c> separator or a date alone is accepted too).</summary>
    public static DateTime? ReadDateTime(ref Utf8JsonReader reader)
    {
        Span<char> buffer = stackalloc char[StackTextLength];
        var length = CopyText(ref reader, "a date and time", buffer);
        ReadOnlySpan<char> text = length >= 0 ? buffer[..length] : Text(ref reader, "a date and time");
        if (text.IsWhiteSpace()) return null;
        return DateTime.TryParseExact(text, DateTimeFormats, Invariant, DateTimeStyles.AllowWhiteSpaces, out var value)
            ? value
            : throw Invalid(text, "a yyyy-MM-dd HH:mm:ss date and time");
    }

    /// <summary>Reads a row id from a string of digits or a number.</summary>
    public static RowId? ReadRowId(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var number))
            return new RowId(number);
        Span<char> buffer = stackalloc char[StackTextLength];
        var length = CopyText(ref reader, "a row id", buffer);
        ReadOnlySpan<char> text = length >= 0 ? buffer[..length] : Text(ref reader, "a row id");
        if (text.IsWhiteSpace()) return null;
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

    // Generated WriteColumns methods call these, one method name per type, so the compiler binds
    // one candidate and no comparison per column.

    /// <summary>
    /// Writes a string column of a record: every column when <paramref name="all"/> is set (nulls
    /// skipped), else only a value that differs from <paramref name="baseline"/> (a null then
    /// written as <c>""</c>, clearing the value).
    /// </summary>
    public static void WriteString(Utf8JsonWriter writer, ReadOnlySpan<byte> column, string? value, string? baseline, bool all)
    {
        if (all || value != baseline) Write(writer, column, value, !all);
    }

    /// <inheritdoc cref="WriteString(Utf8JsonWriter, ReadOnlySpan{byte}, string?, string?, bool)"/>
    public static void WriteInt32(Utf8JsonWriter writer, ReadOnlySpan<byte> column, int? value, int? baseline, bool all)
    {
        if (all || value != baseline) Write(writer, column, value, !all);
    }

    /// <inheritdoc cref="WriteString(Utf8JsonWriter, ReadOnlySpan{byte}, string?, string?, bool)"/>
    public static void WriteInt64(Utf8JsonWriter writer, ReadOnlySpan<byte> column, long? value, long? baseline, bool all)
    {
        if (all || value != baseline) Write(writer, column, value, !all);
    }

    /// <inheritdoc cref="WriteString(Utf8JsonWriter, ReadOnlySpan{byte}, string?, string?, bool)"/>
    public static void WriteDecimal(Utf8JsonWriter writer, ReadOnlySpan<byte> column, decimal? value, decimal? baseline, bool all)
    {
        if (all || value != baseline) Write(writer, column, value, !all);
    }

    /// <inheritdoc cref="WriteString(Utf8JsonWriter, ReadOnlySpan{byte}, string?, string?, bool)"/>
    public static void WriteBoolean(Utf8JsonWriter writer, ReadOnlySpan<byte> column, bool? value, bool? baseline, bool all)
    {
        if (all || value != baseline) Write(writer, column, value, !all);
    }

    /// <inheritdoc cref="WriteString(Utf8JsonWriter, ReadOnlySpan{byte}, string?, string?, bool)"/>
    public static void WriteDate(Utf8JsonWriter writer, ReadOnlySpan<byte> column, DateOnly? value, DateOnly? baseline, bool all)
    {
        if (all || value != baseline) Write(writer, column, value, !all);
    }

    /// <inheritdoc cref="WriteString(Utf8JsonWriter, ReadOnlySpan{byte}, string?, string?, bool)"/>
    public static void WriteTime(Utf8JsonWriter writer, ReadOnlySpan<byte> column, TimeOnly? value, TimeOnly? baseline, bool all)
    {
        if (all || value != baseline) Write(writer, column, value, !all);
    }

    /// <inheritdoc cref="WriteString(Utf8JsonWriter, ReadOnlySpan{byte}, string?, string?, bool)"/>
    public static void WriteDateTime(Utf8JsonWriter writer, ReadOnlySpan<byte> column, DateTime? value, DateTime? baseline, bool all)
    {
        if (all || value != baseline) Write(writer, column, value, !all);
    }

    /// <inheritdoc cref="WriteString(Utf8JsonWriter, ReadOnlySpan{byte}, string?, string?, bool)"/>
    public static void WriteRowId(Utf8JsonWriter writer, ReadOnlySpan<byte> column, RowId? value, RowId? baseline, bool all)
    {
        if (all || value != baseline) Write(writer, column, value, !all);
    }

    private static void WriteEmpty(Utf8JsonWriter writer, ReadOnlySpan<byte> column, bool writeEmpty)
    {
        if (writeEmpty) writer.WriteString(column, ""u8);
    }

    private static readonly string[] TimeFormats = ["HH:mm:ss", "HH:mm", "H:mm:ss", "H:mm"];
    private static readonly string[] DateTimeFormats =
        ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-ddTHH:mm", "yyyy-MM-dd"];

    private static string? EmptyAsNull(string? text) => string.IsNullOrEmpty(text) ? null : text;

    // Values up to this many characters are parsed from the stack; longer ones (never a well-formed
    // number, date or time) are read as strings.
    private const int StackTextLength = 64;

    // The text of a string or number token, null for an empty string or JSON null.
    private static string? Text(ref Utf8JsonReader reader, string expected) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString() is { } text && !string.IsNullOrWhiteSpace(text) ? text : null,
        JsonTokenType.Null => null,
        JsonTokenType.Number => NumberText(ref reader),
        _ => throw Unexpected(ref reader, expected),
    };

    // Text without a string: copies the text of a string or number token into buffer and returns its
    // length (0 for JSON null), or -1 when it does not fit (then read it with Text). The parsers see
    // the same characters either way, so values read the same; only the allocations differ.
    private static int CopyText(ref Utf8JsonReader reader, string expected, scoped Span<char> buffer)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                // Unescaping only shortens, and UTF-8 never needs more chars than bytes.
                var size = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
                return size <= buffer.Length ? reader.CopyString(buffer) : -1;
            case JsonTokenType.Number:
                // A number token is ASCII.
                return !reader.HasValueSequence && reader.ValueSpan.Length <= buffer.Length
                    ? Encoding.UTF8.GetChars(reader.ValueSpan, buffer)
                    : -1;
            case JsonTokenType.Null:
                return 0;
            default:
                throw Unexpected(ref reader, expected);
        }
    }

    // The common case of ReadDate without the general parser: exactly yyyy-MM-dd, a valid date. Anything
    // else (white space, another length, an invalid date) is left to DateOnly.TryParseExact.
    private static bool TryParseIsoDate(ReadOnlySpan<char> text, out DateOnly date)
    {
        date = default;
        if (text.Length != 10 || text[4] != '-' || text[7] != '-') return false;
        if (!TryDigits(text[..4], out var year) || !TryDigits(text.Slice(5, 2), out var month) || !TryDigits(text.Slice(8, 2), out var day))
            return false;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return false;
        date = new DateOnly(year, month, day);
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<char> text, out int value)
    {
        value = 0;
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c)) return false;
            value = value * 10 + (c - '0');
        }
        return true;
    }

    private static string NumberText(ref Utf8JsonReader reader) =>
        reader.HasValueSequence ? Encoding.UTF8.GetString(reader.ValueSequence.ToArray()) : Encoding.UTF8.GetString(reader.ValueSpan);

    private static JsonException Unexpected(ref Utf8JsonReader reader, string expected) =>
        new($"Expected {expected} (a JSON string or number), found {reader.TokenType}.");

    // An integer's text that does not parse: out of range (all digits, so it would otherwise read), or not an integer.
    private static JsonException InvalidInteger(ReadOnlySpan<char> text, string expected, long min, long max)
    {
        var digits = text.Trim();
        if (digits.Length > 0 && digits[0] is '-' or '+') digits = digits[1..];
        if (digits.Length == 0 || digits.ContainsAnyExcept("0123456789")) return Invalid(text, "an integer");
        return new JsonException(string.Create(Invariant,
            $"Cannot read '{Excerpt(text)}' as {expected}: it is outside the range {min} to {max}."));
    }

    private static JsonException Invalid(ReadOnlySpan<char> text, string expected) =>
        new($"Cannot read '{Excerpt(text)}' as {expected}.");

    private static string Excerpt(ReadOnlySpan<char> text) => text.Length <= 40 ? text.ToString() : string.Concat(text[..40], "…");
}
