using System;
using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Collect.Runtime.Jobs;

/// <summary>Writes the client → server answers of API.md §11 and CONTRACT.md.</summary>
internal static class AnswerWriter
{
    // Answers go to an API, never into HTML, so non-ASCII text and quotes are sent as they are.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary><c>{"jobid": ..., "button": position}</c></summary>
    public static ReadOnlyMemory<byte> Button(string jobId, int position) =>
        Write(jobId, position, null, static (_, _) => { });

    /// <summary><c>{"jobid": ..., "button": b, "data": {"value": "..."}}</c> (string and date prompts).</summary>
    public static ReadOnlyMemory<byte> Value(string jobId, int button, string value) =>
        Write(jobId, button, value, static (writer, value) => writer.WriteString("value"u8, (string)value!));

    /// <summary><c>{"jobid": ..., "button": value, "data": {...the form's data...}}</c></summary>
    public static ReadOnlyMemory<byte> Form(string jobId, int button, ICollectForm form) =>
        Write(jobId, button, form, static (writer, form) => ((ICollectForm)form!).WriteData(writer));

    /// <summary>Formats a date as the API does: <c>yyyy-MM-dd</c>.</summary>
    public static string Date(DateOnly value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static ReadOnlyMemory<byte> Write(string jobId, int button, object? state, Action<Utf8JsonWriter, object?> writeData)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            writer.WriteStartObject();
            writer.WriteString("jobid"u8, jobId);
            writer.WriteNumber("button"u8, button);
            if (state is not null)
            {
                writer.WriteStartObject("data"u8);
                writeData(writer, state);
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
        }
        return buffer.WrittenMemory;
    }
}
