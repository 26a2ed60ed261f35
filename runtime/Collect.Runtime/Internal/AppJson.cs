using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Collect.Runtime.Internal;

/// <summary>What a sign-in or refresh answered.</summary>
/// <param name="AccessToken">The Bearer token.</param>
/// <param name="RefreshToken">The refresh token, if the answer had one.</param>
/// <param name="Operator">The signed-in operator, if the answer had one.</param>
internal sealed record LoginAnswer(string AccessToken, string? RefreshToken, CollectOperator? Operator)
{
    /// <summary>Never prints a token.</summary>
    public override string ToString() => $"LoginAnswer {{ Operator = {Operator?.Id} }}";
}

/// <summary>
/// Request bodies and answers of the sign-in and application endpoints. Answers are
/// <c>{"status":200,"result":{...}}</c>; the members of <c>result</c> are also accepted at the top
/// level, and every failure is a <see cref="JsonException"/>.
/// </summary>
/// <remarks>
/// The fixed-shape messages (sign-in and refresh requests and answers, the report request, the upload
/// answer) go through the source-generated <see cref="CollectJsonContext"/>. Hand-written with
/// <see cref="Utf8JsonWriter"/> and <see cref="Utf8JsonReader"/>: the run-plan request and the upload's
/// <c>json</c> part, whose member name is the record type (a name the source generator cannot take
/// from data), and the report and form answers, which are lenient in ways it cannot express (a
/// report's members are its destinations, kept as raw JSON when they are not text; a form's
/// <c>fields</c> and <c>buttons</c> may be one object or an array; <c>rights</c> may be an object, an
/// array or text).
/// </remarks>
internal static class AppJson
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonReaderOptions ReaderOptions = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    // --- requests -------------------------------------------------------------------------

    /// <summary><c>{"op_id": ..., "op_password": ...}</c>.</summary>
    public static byte[] Login(CollectCredentials credentials) =>
        CollectJsonContext.Serialize(new LoginRequest(credentials.OperatorId, credentials.Password), CollectJsonContext.Default.LoginRequest);

    /// <summary><c>{"refresh_token": ...}</c>.</summary>
    public static byte[] Refresh(string refreshToken) =>
        CollectJsonContext.Serialize(new RefreshRequest(refreshToken), CollectJsonContext.Default.RefreshRequest);

    /// <summary><c>{"plan": ..., "&lt;record&gt;": rowid, "websocket-id": ...}</c>; the row id as a number.</summary>
    public static byte[] RunPlan(string plan, string record, RowId rowId, string? websocketId) => Write(writer =>
    {
        writer.WriteString("plan"u8, plan);
        writer.WriteNumber(record, rowId.Value);
        if (websocketId is not null) writer.WriteString("websocket-id"u8, websocketId);
    });

    /// <summary>The report request; row ids as an array of strings, as the docs' template shows them.</summary>
    public static byte[] Report(CollectReportRequest request, string? websocketId)
    {
        var rowIds = new List<string>();
        foreach (var rowId in request.RowIds ?? []) rowIds.Add(rowId.ToString());
        return CollectJsonContext.Serialize(new ReportRequestBody
        {
            Report = request.Report,
            Script = request.Script,
            StartOn = request.StartOn,
            RowIds = rowIds.ToArray(),
            WebSocketId = websocketId,
            Destination = request.Destinations is { Count: > 0 } destinations ? string.Join(',', destinations) : null,
            ShowMargins = request.ShowMargins,
        }, CollectJsonContext.Default.ReportRequestBody);
    }

    /// <summary>The upload's <c>json</c> part: <c>{"&lt;record&gt;": rowid, "overwrite": "yes|no|inc"}</c>.</summary>
    public static byte[] Upload(string record, RowId rowId, CollectOverwrite overwrite) => Write(writer =>
    {
        writer.WriteNumber(record, rowId.Value);
        writer.WriteString("overwrite"u8, overwrite switch
        {
            CollectOverwrite.Yes => "yes"u8,
            CollectOverwrite.No => "no"u8,
            CollectOverwrite.Increment => "inc"u8,
            _ => throw new ArgumentOutOfRangeException(nameof(overwrite), overwrite, "Overwrite is yes, no or inc."),
        });
    });

    private static byte[] Write(Action<Utf8JsonWriter> members)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            members(writer);
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    // --- answers --------------------------------------------------------------------------

    /// <summary>A sign-in or refresh answer. Without an access token, <see cref="Envelope.Problem"/> says so.</summary>
    /// <remarks>Members inside <c>result</c> take precedence over the same members at the top level.</remarks>
    public static LoginAnswer? ReadLogin(ReadOnlySpan<byte> json, out Envelope envelope)
    {
        var body = CollectJsonContext.DeserializeObject(json, CollectJsonContext.Default.LoginBody);
        envelope = new Envelope { Status = body.Status, Message = body.Message };
        var result = body.Result;
        var access = result?.AccessToken ?? body.AccessToken;
        var refresh = result?.RefreshToken ?? body.RefreshToken;
        var op = result?.Operator ?? body.Operator;
        if (string.IsNullOrEmpty(access))
        {
            envelope.Problem ??= "it holds no access_token";
            return null;
        }
        return new LoginAnswer(access, string.IsNullOrEmpty(refresh) ? null : refresh, op);
    }

    /// <summary>A report answer: <c>result</c> maps each destination to its output.</summary>
    public static CollectReport ReadReport(ReadOnlySpan<byte> json, out Envelope envelope)
    {
        var outputs = new List<KeyValuePair<string, string>>();
        envelope = ReadObject(json, (ref Utf8JsonReader reader, ReadOnlySpan<byte> source, bool inResult) =>
        {
            if (!inResult) return false;
            var name = reader.GetString()!;
            Next(ref reader);
            outputs.Add(new(name, reader.TokenType switch
            {
                JsonTokenType.String => reader.GetString()!,
                JsonTokenType.Null => "",
                _ => RawText(ref reader, source),
            }));
            return true;
        }, out var hadResult);
        if (!hadResult) envelope.Problem ??= "it holds no \"result\"";
        return new CollectReport(outputs);
    }

    /// <summary>A form-structure answer.</summary>
    public static CollectFormDefinition? ReadForm(ReadOnlySpan<byte> json, out Envelope envelope)
    {
        string? name = null, alias = null, id = null, rights = null;
        int? width = null, height = null;
        var fields = new List<CollectFormField>();
        var buttons = new List<FormButton>();
        envelope = ReadResult(json, (ref Utf8JsonReader reader, ReadOnlySpan<byte> source) =>
        {
            if (reader.ValueTextEquals("name"u8)) name = ReadText(ref reader);
            else if (reader.ValueTextEquals("alias"u8)) alias = ReadText(ref reader);
            else if (reader.ValueTextEquals("id"u8)) id = ReadText(ref reader);
            else if (reader.ValueTextEquals("width"u8)) { Next(ref reader); width = CollectJson.ReadInt32(ref reader); }
            else if (reader.ValueTextEquals("height"u8)) { Next(ref reader); height = CollectJson.ReadInt32(ref reader); }
            else if (reader.ValueTextEquals("rights"u8)) { Next(ref reader); rights = reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray ? RawText(ref reader, source) : CollectJson.ReadString(ref reader); }
            else if (reader.ValueTextEquals("fields"u8)) { Next(ref reader); ReadEach(ref reader, fields, ReadField); }
            else if (reader.ValueTextEquals("buttons"u8)) { Next(ref reader); ReadEach(ref reader, buttons, ReadButton); }
            else return false;
            return true;
        });
        if (name is null || id is null)
        {
            envelope.Problem ??= name is null ? "the form has no \"name\"" : "the form has no \"id\"";
            return null;
        }
        return new CollectFormDefinition(name, alias, id, width, height, rights, fields, buttons);
    }

    /// <summary>An upload answer.</summary>
    /// <remarks>Members inside <c>result</c> take precedence over the same members at the top level.</remarks>
    public static CollectUploadResult? ReadUpload(ReadOnlySpan<byte> json, out Envelope envelope)
    {
        var body = CollectJsonContext.DeserializeObject(json, CollectJsonContext.Default.UploadBody);
        envelope = new Envelope { Status = body.Status, Message = body.Message };
        var result = body.Result;
        var recordType = result?.RecordType ?? body.RecordType;
        var fileName = result?.FileName ?? body.FileName;
        var fileNumber = result?.FileNumber ?? body.FileNumber;
        if (recordType is null || fileName is null)
        {
            envelope.Problem ??= recordType is null ? "it holds no \"recordType\"" : "it holds no \"fileName\"";
            return null;
        }
        return new CollectUploadResult(recordType, fileName, fileNumber);
    }

    // --- walking --------------------------------------------------------------------------

    // Reads a result member; the reader is on its name and must be left on the end of its value.
    // Returns false when the member is not one it knows (it is then skipped).
    private delegate bool ResultMember(ref Utf8JsonReader reader, ReadOnlySpan<byte> source);

    private delegate bool ObjectMember(ref Utf8JsonReader reader, ReadOnlySpan<byte> source, bool inResult);

    // The members of "result" (or, when the answer has none, of the top level) go to member.
    private static Envelope ReadResult(ReadOnlySpan<byte> json, ResultMember member) =>
        ReadObject(json, (ref Utf8JsonReader reader, ReadOnlySpan<byte> source, bool inResult) => member(ref reader, source), out _);

    private static Envelope ReadObject(ReadOnlySpan<byte> json, ObjectMember member, out bool hadResult)
    {
        var envelope = default(Envelope);
        hadResult = false;
        var reader = new Utf8JsonReader(json, ReaderOptions);
        if (!reader.Read()) throw new JsonException("The body is empty.");
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException($"Expected a JSON object, found {reader.TokenType}.");
        while (true)
        {
            Next(ref reader);
            if (reader.TokenType == JsonTokenType.EndObject) break;
            if (reader.ValueTextEquals("status"u8))
            {
                Next(ref reader);
                envelope.Status = CollectJson.ReadInt32(ref reader);
            }
            else if (reader.ValueTextEquals("message"u8))
            {
                Next(ref reader);
                if (reader.TokenType == JsonTokenType.String) envelope.Message = reader.GetString();
                else reader.Skip();
            }
            else if (reader.ValueTextEquals("result"u8))
            {
                Next(ref reader);
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    reader.Skip();
                    continue;
                }
                hadResult = true;
                while (true)
                {
                    Next(ref reader);
                    if (reader.TokenType == JsonTokenType.EndObject) break;
                    if (!member(ref reader, json, inResult: true)) SkipMember(ref reader);
                }
            }
            else if (!member(ref reader, json, inResult: false))
            {
                SkipMember(ref reader);
            }
        }
        if (reader.Read()) throw new JsonException($"Unexpected {reader.TokenType} after the JSON object.");
        return envelope;
    }

    private static void SkipMember(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        reader.Skip();
    }

    private static CollectFormField ReadField(ref Utf8JsonReader reader)
    {
        string? name = null, label = null, type = null;
        int? length = null;
        var readOnly = false;
        while (true)
        {
            Next(ref reader);
            if (reader.TokenType == JsonTokenType.EndObject) break;
            if (reader.ValueTextEquals("name"u8)) name = ReadText(ref reader);
            else if (reader.ValueTextEquals("label"u8)) label = ReadText(ref reader);
            else if (reader.ValueTextEquals("type"u8)) type = ReadText(ref reader);
            else if (reader.ValueTextEquals("length"u8)) { Next(ref reader); length = CollectJson.ReadInt32(ref reader); }
            else if (reader.ValueTextEquals("readOnly"u8)) { Next(ref reader); readOnly = CollectJson.ReadBoolean(ref reader) ?? false; }
            else SkipMember(ref reader);
        }
        return new CollectFormField(name ?? throw new JsonException("A form field has no \"name\"."), label, type, length, readOnly);
    }

    private static FormButton ReadButton(ref Utf8JsonReader reader)
    {
        string? name = null;
        int? value = null;
        while (true)
        {
            Next(ref reader);
            if (reader.TokenType == JsonTokenType.EndObject) break;
            if (reader.ValueTextEquals("name"u8)) name = ReadText(ref reader);
            else if (reader.ValueTextEquals("value"u8)) { Next(ref reader); value = CollectJson.ReadInt32(ref reader); }
            else SkipMember(ref reader);
        }
        return new FormButton(name ?? "", value ?? throw new JsonException($"The form button '{name}' has no \"value\"."));
    }

    private delegate T ItemReader<T>(ref Utf8JsonReader reader);

    // An array of objects (a single object is taken as an array of one; null as none).
    private static void ReadEach<T>(ref Utf8JsonReader reader, List<T> items, ItemReader<T> read)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return;
            case JsonTokenType.StartObject:
                items.Add(read(ref reader));
                return;
            case JsonTokenType.StartArray:
                while (true)
                {
                    Next(ref reader);
                    if (reader.TokenType == JsonTokenType.EndArray) return;
                    if (reader.TokenType == JsonTokenType.Null) continue;
                    if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException($"Expected an object in the list, found {reader.TokenType}.");
                    items.Add(read(ref reader));
                }
            default:
                throw new JsonException($"Expected a list of objects, found {reader.TokenType}.");
        }
    }

    // A member's value as text: a string, or a number's digits; null for null or "".
    private static string? ReadText(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        return CollectJson.ReadString(ref reader);
    }

    private static string RawText(ref Utf8JsonReader reader, ReadOnlySpan<byte> source)
    {
        var start = (int)reader.TokenStartIndex;
        reader.Skip();
        return Encoding.UTF8.GetString(source[start..(int)reader.BytesConsumed]);
    }

    private static void Next(ref Utf8JsonReader reader)
    {
        if (!reader.Read()) throw new JsonException("The JSON ends too early.");
    }
}
