using System;
using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Collect.Runtime.Internal;

/// <summary>
/// The System.Text.Json source-generated metadata for the runtime's fixed-shape messages: sign-in and
/// refresh (request and answer), the server's error body, the report request, the upload answer, the web socket's
/// messages (key, start, prompts, end, error) and its button and value answers. Never the reflection-based serializer: every call passes one of this
/// context's <see cref="System.Text.Json.Serialization.Metadata.JsonTypeInfo{T}"/>.
/// </summary>
/// <remarks>
/// Generated records and list pages stay with their generated, hand-written readers and writers
/// (<see cref="CollectJson"/>, <see cref="CollectEnvelope"/>): the System.Text.Json source generator
/// cannot see the Collect generator's output, those readers are lenient per column, and they are the
/// benchmarked hot path. Lenient members here (string or number, <c>""</c> as no value, a member that
/// is skipped when it has the wrong kind) go through the converters below, which use the same
/// helpers as the hand-written readers.
/// </remarks>
[JsonSourceGenerationOptions(
    // The vendor's own examples have trailing commas; comments are skipped, as everywhere else.
    AllowTrailingCommas = true,
    ReadCommentHandling = JsonCommentHandling.Skip,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(LoginRequest))]
[JsonSerializable(typeof(RefreshRequest))]
[JsonSerializable(typeof(LoginBody))]
[JsonSerializable(typeof(LoginFields))]
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(ReportRequestBody))]
[JsonSerializable(typeof(UploadBody))]
[JsonSerializable(typeof(UploadFields))]
[JsonSerializable(typeof(Collect.Runtime.Jobs.SocketMessage))]
[JsonSerializable(typeof(ButtonAnswerMessage))]
[JsonSerializable(typeof(ValueAnswerMessage))]
internal sealed partial class CollectJsonContext : JsonSerializerContext
{
    // Bodies go to an API, never into HTML, so non-ASCII text and quotes are sent as they are
    // (as the hand-written writers do: "+" stays "+", "é" stays "é").
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes <paramref name="value"/> as UTF-8 JSON; the working buffer is zeroed before it is dropped.</summary>
    public static byte[] Serialize<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
            JsonSerializer.Serialize(writer, value, typeInfo);
        var bytes = buffer.WrittenSpan.ToArray();
        // Clear() zeroes what was written: a password or token leaves no copy behind in the buffer.
        buffer.Clear();
        return bytes;
    }

    /// <summary>
    /// Reads a JSON object with <paramref name="typeInfo"/>; <c>null</c> (which the serializer would
    /// accept) is refused like any other non-object.
    /// </summary>
    public static T DeserializeObject<T>(ReadOnlySpan<byte> json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo)
        where T : class =>
        JsonSerializer.Deserialize(json, typeInfo) ?? throw new JsonException("Expected a JSON object, found Null.");
}

// --- sign-in and refresh ---------------------------------------------------------------------

/// <summary><c>{"op_id": ..., "op_password": ...}</c>.</summary>
internal sealed class LoginRequest(string operatorId, string password)
{
    [JsonPropertyName("op_id")]
    public string OperatorId { get; } = operatorId;

    [JsonPropertyName("op_password")]
    public string Password { get; } = password;

    /// <summary>Never prints the password.</summary>
    public override string ToString() => $"LoginRequest {{ OperatorId = {OperatorId} }}";
}

/// <summary><c>{"refresh_token": ...}</c>.</summary>
internal sealed class RefreshRequest(string refreshToken)
{
    [JsonPropertyName("refresh_token")]
    public string RefreshToken { get; } = refreshToken;

    /// <summary>Never prints the token.</summary>
    public override string ToString() => "RefreshRequest";
}

/// <summary>The members of a sign-in or refresh answer, in <c>result</c> or at the top level.</summary>
internal class LoginFields
{
    /// <summary>A string or a number's digits; <c>""</c> is no token.</summary>
    [JsonPropertyName("access_token"), JsonConverter(typeof(LenientTextConverter))]
    public string? AccessToken { get; set; }

    /// <summary>A string or a number's digits; <c>""</c> is no token.</summary>
    [JsonPropertyName("refresh_token"), JsonConverter(typeof(LenientTextConverter))]
    public string? RefreshToken { get; set; }

    /// <summary>The operator record, kept whole for <see cref="CollectOperator.Read{T}"/>.</summary>
    [JsonPropertyName("nx_operator"), JsonConverter(typeof(OperatorConverter))]
    public CollectOperator? Operator { get; set; }

    /// <summary>Never prints a token.</summary>
    public override string ToString() => $"{GetType().Name} {{ Operator = {Operator?.Id} }}";
}

/// <summary>A sign-in or refresh answer: <c>{"status":200,"result":{...}}</c>, or the members of <c>result</c> at the top level.</summary>
internal sealed class LoginBody : LoginFields
{
    [JsonPropertyName("status"), JsonConverter(typeof(LenientInt32Converter))]
    public int? Status { get; set; }

    [JsonPropertyName("message"), JsonConverter(typeof(StringOrSkipConverter))]
    public string? Message { get; set; }

    /// <summary>Null when absent, null or not an object (such a <c>result</c> is skipped).</summary>
    [JsonPropertyName("result"), JsonConverter(typeof(LoginResultConverter))]
    public LoginFields? Result { get; set; }
}

// --- errors ------------------------------------------------------------------------------------

/// <summary>
/// An error body, <c>{"status": 404, "message": "..."}</c>: <c>status</c> as a number or a string,
/// a <c>message</c> that is not a string skipped, every other member ignored.
/// </summary>
internal sealed class ErrorBody
{
    [JsonPropertyName("status"), JsonConverter(typeof(EnvelopeStatusConverter))]
    public int? Status { get; set; }

    [JsonPropertyName("message"), JsonConverter(typeof(StringOrSkipConverter))]
    public string? Message { get; set; }
}

// --- application endpoints ---------------------------------------------------------------------

/// <summary>
/// The report request: <c>{"report","script","starton","rowid":["..."],"websocket-id","destination","showmargins"}</c>,
/// members without a value left out, row ids as strings (as the docs' template shows them) and the
/// destinations comma-separated.
/// </summary>
internal sealed class ReportRequestBody
{
    [JsonPropertyName("report")]
    public string? Report { get; init; }

    [JsonPropertyName("script")]
    public string? Script { get; init; }

    [JsonPropertyName("starton")]
    public string? StartOn { get; init; }

    /// <summary>Always written, as an array of strings (empty when there are none).</summary>
    [JsonPropertyName("rowid")]
    public string[] RowIds { get; init; } = [];

    [JsonPropertyName("websocket-id")]
    public string? WebSocketId { get; init; }

    [JsonPropertyName("destination")]
    public string? Destination { get; init; }

    [JsonPropertyName("showmargins")]
    public bool? ShowMargins { get; init; }
}

/// <summary>The members of an upload answer, in <c>result</c> or at the top level; each a string or a number's digits, <c>""</c> as no value.</summary>
internal class UploadFields
{
    [JsonPropertyName("recordType"), JsonConverter(typeof(LenientTextConverter))]
    public string? RecordType { get; set; }

    [JsonPropertyName("fileName"), JsonConverter(typeof(LenientTextConverter))]
    public string? FileName { get; set; }

    [JsonPropertyName("fileNumber"), JsonConverter(typeof(LenientTextConverter))]
    public string? FileNumber { get; set; }
}

/// <summary>An upload answer: <c>{"status":200,"result":{"recordType","fileName","fileNumber"}}</c>, or those members at the top level.</summary>
internal sealed class UploadBody : UploadFields
{
    [JsonPropertyName("status"), JsonConverter(typeof(LenientInt32Converter))]
    public int? Status { get; set; }

    [JsonPropertyName("message"), JsonConverter(typeof(StringOrSkipConverter))]
    public string? Message { get; set; }

    /// <summary>Null when absent, null or not an object (such a <c>result</c> is skipped).</summary>
    [JsonPropertyName("result"), JsonConverter(typeof(UploadResultConverter))]
    public UploadFields? Result { get; set; }
}

// --- web socket ------------------------------------------------------------------------------------

/// <summary>A button prompt's answer: <c>{"jobid": ..., "button": position}</c>.</summary>
internal sealed class ButtonAnswerMessage(string jobId, int button)
{
    [JsonPropertyName("jobid")]
    public string JobId { get; } = jobId;

    [JsonPropertyName("button")]
    public int Button { get; } = button;
}

/// <summary>A string or date prompt's answer: <c>{"jobid": ..., "button": b, "data": {"value": "..."}}</c>.</summary>
internal sealed class ValueAnswerMessage(string jobId, int button, string value)
{
    [JsonPropertyName("jobid")]
    public string JobId { get; } = jobId;

    [JsonPropertyName("button")]
    public int Button { get; } = button;

    [JsonPropertyName("data")]
    public ValueAnswerData Data { get; } = new(value);
}

/// <summary>The <c>data</c> of a <see cref="ValueAnswerMessage"/>: <c>{"value": "..."}</c>, always a string.</summary>
internal sealed class ValueAnswerData(string value)
{
    [JsonPropertyName("value")]
    public string Value { get; } = value;
}

// --- lenient members ---------------------------------------------------------------------------

/// <summary>A text member: written as a plain string (or null); how leniently it is read is the subclass's.</summary>
internal abstract class TextMemberConverter : JsonConverter<string?>
{
    public sealed override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options)
    {
        if (value is null) writer.WriteNullValue();
        else writer.WriteStringValue(value);
    }
}

/// <summary>An integer member that may be null: written as a number (or null); how it is read is the subclass's.</summary>
internal abstract class Int32MemberConverter : JsonConverter<int?>
{
    public override bool HandleNull => true;

    public sealed override void Write(Utf8JsonWriter writer, int? value, JsonSerializerOptions options)
    {
        if (value is { } number) writer.WriteNumberValue(number);
        else writer.WriteNullValue();
    }
}

/// <summary>A <c>result</c> member of an answer that is only read: an object is read with <see cref="TypeInfo"/>; anything else is skipped.</summary>
internal abstract class ObjectOrSkipConverter<T> : JsonConverter<T?> where T : class
{
    protected abstract System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> TypeInfo { get; }

    public sealed override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }
        return JsonSerializer.Deserialize(ref reader, TypeInfo);
    }

    public sealed override void Write(Utf8JsonWriter writer, T? value, JsonSerializerOptions options) =>
        throw new NotSupportedException(typeof(T).Name + " is only read.");
}

/// <summary>
/// A web socket message's text member: a string as it is, a number's JSON text, <c>true</c> or
/// <c>false</c>; an object or array is skipped and, like null, read as no value.
/// </summary>
internal sealed class SocketTextConverter : TextMemberConverter
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Text(ref reader);

    internal static string? Text(ref Utf8JsonReader reader)
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
}

/// <summary>A prompt's <c>buttons</c>: an array of captions (a caption that is no text as <c>""</c>), or one caption alone.</summary>
internal sealed class SocketButtonsConverter : JsonConverter<System.Collections.Generic.IReadOnlyList<string>?>
{
    public override System.Collections.Generic.IReadOnlyList<string>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            var single = SocketTextConverter.Text(ref reader);
            return single is null ? null : [single];
        }
        var buttons = new System.Collections.Generic.List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            buttons.Add(SocketTextConverter.Text(ref reader) ?? "");
        return buttons.ToArray();
    }

    public override void Write(Utf8JsonWriter writer, System.Collections.Generic.IReadOnlyList<string>? value, JsonSerializerOptions options) =>
        throw new NotSupportedException("Web socket messages from the server are only read.");
}

/// <summary>Any value as a copy of its raw JSON text (exactly as it came, <c>null</c> included).</summary>
internal sealed class RawJsonConverter : JsonConverter<ReadOnlyMemory<byte>>
{
    public override bool HandleNull => true;

    public override ReadOnlyMemory<byte> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Copy(ref reader);

    /// <summary>The raw JSON text of the value at the reader, copied.</summary>
    internal static byte[] Copy(ref Utf8JsonReader reader)
    {
        using var document = JsonDocument.ParseValue(ref reader);
#if NET9_0_OR_GREATER
        return System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(document.RootElement).ToArray();
#else
        return Encoding.UTF8.GetBytes(document.RootElement.GetRawText());
#endif
    }

    public override void Write(Utf8JsonWriter writer, ReadOnlyMemory<byte> value, JsonSerializerOptions options) =>
        throw new NotSupportedException("Raw members are only read.");
}

/// <summary>
/// Text as the hand-written readers take it (<see cref="CollectJson.ReadString"/>): a string
/// (<c>""</c> as no value), a number's digits, <c>true</c>/<c>false</c>; an object or array fails.
/// </summary>
internal sealed class LenientTextConverter : TextMemberConverter
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        CollectJson.ReadString(ref reader);
}

/// <summary>A string as it is; any other value (a number, an object, ...) is skipped and read as no value.</summary>
internal sealed class StringOrSkipConverter : TextMemberConverter
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String) return reader.GetString();
        reader.Skip();
        return null;
    }
}

/// <summary>A 32-bit integer from a number or a string (<see cref="CollectJson.ReadInt32"/>); null or <c>""</c> is no value.</summary>
internal sealed class LenientInt32Converter : Int32MemberConverter
{
    public override int? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? null : CollectJson.ReadInt32(ref reader);
}

/// <summary>An envelope's <c>status</c>, read as list answers read it (<see cref="CollectEnvelope.ReadStatusCode"/>).</summary>
internal sealed class EnvelopeStatusConverter : Int32MemberConverter
{
    public override int? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        CollectEnvelope.ReadStatusCode(ref reader);
}

/// <summary>A sign-in answer's <c>result</c>: an object is read; anything else is skipped.</summary>
internal sealed class LoginResultConverter : ObjectOrSkipConverter<LoginFields>
{
    protected override System.Text.Json.Serialization.Metadata.JsonTypeInfo<LoginFields> TypeInfo => CollectJsonContext.Default.LoginFields;
}

/// <summary>An upload answer's <c>result</c>: an object is read; anything else is skipped.</summary>
internal sealed class UploadResultConverter : ObjectOrSkipConverter<UploadFields>
{
    protected override System.Text.Json.Serialization.Metadata.JsonTypeInfo<UploadFields> TypeInfo => CollectJsonContext.Default.UploadFields;
}

/// <summary>
/// <c>nx_operator</c>: the operator record, kept whole (its raw JSON) so that a generated record
/// type can read it later; its documented columns are read leniently, as every record column is.
/// </summary>
internal sealed class OperatorConverter : JsonConverter<CollectOperator?>
{
    public override CollectOperator? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException($"Expected the operator record in \"nx_operator\", found {reader.TokenType}.");
        // The record's exact text (a slice of the answer, not a re-serialization).
        var json = RawJsonConverter.Copy(ref reader);
        return Columns(json);
    }

    public override void Write(Utf8JsonWriter writer, CollectOperator? value, JsonSerializerOptions options) =>
        throw new NotSupportedException("Sign-in answers are only read.");

    private static CollectOperator Columns(byte[] json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        reader.Read();
        RowId? rowId = null;
        string? id = null, name = null;
        int? level = null, function = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("op_rowid"u8)) { reader.Read(); rowId = CollectJson.ReadRowId(ref reader); }
            else if (reader.ValueTextEquals("op_id"u8)) { reader.Read(); id = CollectJson.ReadString(ref reader); }
            else if (reader.ValueTextEquals("op_name"u8)) { reader.Read(); name = CollectJson.ReadString(ref reader); }
            else if (reader.ValueTextEquals("op_level"u8)) { reader.Read(); level = CollectJson.ReadInt32(ref reader); }
            else if (reader.ValueTextEquals("op_function"u8)) { reader.Read(); function = CollectJson.ReadInt32(ref reader); }
            else { reader.Read(); reader.Skip(); }
        }
        return new CollectOperator(json, rowId, id, name, level, function);
    }
}
