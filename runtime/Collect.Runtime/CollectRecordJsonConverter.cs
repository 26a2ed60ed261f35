using System;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Collect.Runtime;

/// <summary>
/// The System.Text.Json converter of every generated record type: it calls the type's generated
/// reader and writer, so no reflection is involved. A record is written as the object of its
/// columns, as the API's <c>data</c> holds it.
/// </summary>
/// <typeparam name="T">The generated record type.</typeparam>
public sealed class CollectRecordJsonConverter<T> : JsonConverter<T> where T : ICollectRecord<T>
{
    /// <inheritdoc />
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => T.ReadJson(ref reader);

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        T.WriteColumns(writer, value, default);
        writer.WriteEndObject();
    }
}
