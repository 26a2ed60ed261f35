using System;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Collect.Runtime;

/// <summary>
/// A Collect! row id. Servers send row ids as strings of digits (<c>"123"</c>) and expect them as
/// numbers in request bodies (<c>"debtor": 123</c>); this type accepts both and prints digits.
/// </summary>
[JsonConverter(typeof(RowIdJsonConverter))]
public readonly record struct RowId(long Value) : IComparable<RowId>, ISpanFormattable
{
    /// <summary>Parses digits (surrounding white space allowed).</summary>
    /// <exception cref="FormatException">The text is not a row id.</exception>
    public static RowId Parse(string text) =>
        TryParse(text, out var id) ? id : throw new FormatException($"'{text}' is not a Collect! row id.");

    /// <summary>Tries to parse digits (surrounding white space allowed).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out RowId rowId)
    {
        if (long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            rowId = new RowId(value);
            return true;
        }
        rowId = default;
        return false;
    }

    /// <inheritdoc />
    public int CompareTo(RowId other) => Value.CompareTo(other.Value);

    /// <summary>The digits of the row id.</summary>
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    /// <inheritdoc />
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider) =>
        Value.TryFormat(destination, out charsWritten, default, CultureInfo.InvariantCulture);

    /// <summary>Wraps a number as a row id.</summary>
    public static implicit operator RowId(long value) => new(value);
}

/// <summary>Reads a row id from a string or a number; writes it as a number.</summary>
public sealed class RowIdJsonConverter : JsonConverter<RowId>
{
    /// <inheritdoc />
    public override RowId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        CollectJson.ReadRowId(ref reader) ?? throw new JsonException("Expected a row id, found an empty value.");

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, RowId value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(value.Value);
}
