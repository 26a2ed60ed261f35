using System;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Collect.Runtime;

/// <summary>
/// The System.Text.Json converter of every generated form type: it calls the form's generated
/// reader and writer, so no reflection is involved. A form is written as the object of its data,
/// as a prompt's <c>data</c> holds it (declared columns, then <see cref="ICollectForm.OtherValues"/>).
/// </summary>
/// <typeparam name="T">The generated form type.</typeparam>
public sealed class CollectFormJsonConverter<T> : JsonConverter<T> where T : ICollectForm<T>
{
    /// <inheritdoc />
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => T.ReadJson(ref reader);

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        value.WriteData(writer);
        writer.WriteEndObject();
    }
}
