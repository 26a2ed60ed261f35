using System;
using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Collect.Runtime.Internal;

namespace Collect.Runtime.Jobs;

/// <summary>Writes the client → server answers of API.md §11 and CONTRACT.md.</summary>
/// <remarks>
/// Button, string and date answers are fixed-shape and go through the source-generated
/// <see cref="CollectJsonContext"/>. A form answer's <c>data</c> is written by the generated form type
/// itself (<see cref="ICollectForm.WriteData"/>), which the System.Text.Json source generator cannot
/// see, so that one stays hand-written here.
/// </remarks>
internal static class AnswerWriter
{
    // Answers go to an API, never into HTML, so non-ASCII text and quotes are sent as they are.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary><c>{"jobid": ..., "button": position}</c></summary>
    public static ReadOnlyMemory<byte> Button(string jobId, int position) =>
        CollectJsonContext.Serialize(new ButtonAnswerMessage(jobId, position), CollectJsonContext.Default.ButtonAnswerMessage);

    /// <summary><c>{"jobid": ..., "button": b, "data": {"value": "..."}}</c> (string and date prompts).</summary>
    public static ReadOnlyMemory<byte> Value(string jobId, int button, string value) =>
        CollectJsonContext.Serialize(new ValueAnswerMessage(jobId, button, value), CollectJsonContext.Default.ValueAnswerMessage);

    /// <summary><c>{"jobid": ..., "button": value, "data": {...the form's data...}}</c></summary>
    public static ReadOnlyMemory<byte> Form(string jobId, int button, ICollectForm form) =>
        Write(jobId, button, form, static (writer, form) => form.WriteData(writer));

    /// <summary>Formats a date as the API does: <c>yyyy-MM-dd</c>.</summary>
    public static string Date(DateOnly value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static ReadOnlyMemory<byte> Write(string jobId, int button, ICollectForm form, Action<Utf8JsonWriter, ICollectForm> writeData)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            writer.WriteStartObject();
            writer.WriteString("jobid"u8, jobId);
            writer.WriteNumber("button"u8, button);
            writer.WriteStartObject("data"u8);
            writeData(writer, form);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        return buffer.WrittenMemory;
    }
}
