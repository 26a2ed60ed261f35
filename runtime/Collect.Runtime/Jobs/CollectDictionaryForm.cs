using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Collect.Runtime.Jobs;

/// <summary>
/// The data of a form the runtime has no type for: the prompt's <c>data</c> as column name →
/// value. It is immutable; <see cref="With(string, string?)"/> gives a copy with one value
/// changed, and an answer sends every value back, so the defaults the prompt carried are kept.
/// </summary>
public sealed class CollectDictionaryForm : ICollectForm, IReadOnlyDictionary<string, JsonElement>
{
    private static readonly Dictionary<string, JsonElement> NoValues = new(StringComparer.Ordinal);

    private readonly Dictionary<string, JsonElement> _values;

    private CollectDictionaryForm(Dictionary<string, JsonElement> values) => _values = values;

    /// <summary>Creates a form holding <paramref name="values"/> (copied).</summary>
    public CollectDictionaryForm(IEnumerable<KeyValuePair<string, JsonElement>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        _values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var pair in values) _values[pair.Key] = pair.Value.Clone();
    }

    /// <summary>A form with no values.</summary>
    public static CollectDictionaryForm Empty { get; } = new(NoValues);

    /// <summary>The form's values: every value is sent back in an answer.</summary>
    public IReadOnlyDictionary<string, JsonElement> OtherValues => _values;

    /// <inheritdoc />
    public JsonElement this[string key] => _values[key];

    /// <inheritdoc />
    public IEnumerable<string> Keys => _values.Keys;

    /// <inheritdoc />
    public IEnumerable<JsonElement> Values => _values.Values;

    /// <inheritdoc />
    public int Count => _values.Count;

    /// <summary>A value as text: a JSON string's text, or a number's or boolean's JSON text; null when the column is missing or null.</summary>
    public string? GetString(string column)
    {
        if (!_values.TryGetValue(column, out var value)) return null;
        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            _ => value.GetRawText(),
        };
    }

    /// <summary>A copy with <paramref name="column"/> set to <paramref name="value"/> as a JSON string (null sends an empty string).</summary>
    public CollectDictionaryForm With(string column, string? value) =>
        With(column, StringElement(value ?? ""));

    /// <summary>A copy with <paramref name="column"/> set to <paramref name="value"/>.</summary>
    public CollectDictionaryForm With(string column, JsonElement value)
    {
        ArgumentException.ThrowIfNullOrEmpty(column);
        var values = new Dictionary<string, JsonElement>(_values, StringComparer.Ordinal) { [column] = value.Clone() };
        return new CollectDictionaryForm(values);
    }

    /// <summary>A copy without <paramref name="column"/>.</summary>
    public CollectDictionaryForm Without(string column)
    {
        if (!_values.ContainsKey(column)) return this;
        var values = new Dictionary<string, JsonElement>(_values, StringComparer.Ordinal);
        values.Remove(column);
        return new CollectDictionaryForm(values);
    }

    /// <inheritdoc />
    public bool ContainsKey(string key) => _values.ContainsKey(key);

    /// <inheritdoc />
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out JsonElement value) => _values.TryGetValue(key, out value);

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, JsonElement>> GetEnumerator() => _values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    public void WriteData(Utf8JsonWriter writer) => CollectJson.WriteOthers(writer, _values);

    /// <summary>Reads a prompt's <c>data</c> object; the reader is at its <c>{</c>.</summary>
    internal static CollectDictionaryForm Read(ref Utf8JsonReader reader)
    {
        CollectJson.ExpectStartObject(ref reader);
        var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            if (!reader.Read()) throw new JsonException("Unexpected end of JSON after a property name.");
            values[name] = CollectJson.ReadElement(ref reader);
        }
        return new CollectDictionaryForm(values);
    }

    private static JsonElement StringElement(string value)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer)) writer.WriteStringValue(value);
        var reader = new Utf8JsonReader(buffer.WrittenSpan);
        return JsonElement.ParseValue(ref reader);
    }
}
