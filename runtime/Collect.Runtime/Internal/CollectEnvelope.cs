using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Collect.Runtime.Internal;

/// <summary>What an answer's envelope said besides its <c>data</c>.</summary>
internal struct Envelope
{
    /// <summary>The body's <c>status</c>, when present.</summary>
    public int? Status;

    /// <summary>The body's <c>message</c>, when present and a string.</summary>
    public string? Message;

    /// <summary><c>type.numRecords</c>, when present.</summary>
    public long? NumRecords;

    /// <summary><c>type.numPages</c>, when present.</summary>
    public int? NumPages;

    /// <summary>
    /// Why a well-formed body is still not the answer the call expects (e.g. a read of one row that
    /// holds none); reported only when <see cref="Status"/> does not report a failure first.
    /// </summary>
    public string? Problem;
}

/// <summary>
/// Reads the API's answers, <c>{"status":200,"type":{...},"data":...}</c>, in one pass over the body
/// whatever the order of its members (CONTRACT.md). Every failure is a <see cref="JsonException"/>.
/// </summary>
/// <remarks>
/// Hand-written on purpose, unlike the fixed-shape messages of <see cref="CollectJsonContext"/>: rows
/// are read by the generated records' own readers (the System.Text.Json source generator cannot see
/// the Collect generator's output), leniently per column, and page reading is the benchmarked hot path.
/// </remarks>
internal static class CollectEnvelope
{
    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        // The vendor's own update example has a trailing comma.
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
    };

    /// <summary>Reads a list answer. <c>data</c> may be an array of rows or a single row object.</summary>
    public static CollectPage<T> ReadList<T>(ReadOnlySpan<byte> json, int requestedPage, out Envelope envelope)
        where T : ICollectRecord<T>
    {
        var reader = Open(json);
        envelope = default;
        var rows = new List<T>();
        while (NextData(ref reader, ref envelope))
            ReadRows(ref reader, rows, emptyObjectIsNoRow: true);
        End(ref reader);
        // A server that leaves out the counts gets a page that stops ListAllAsync after this page.
        var numRecords = envelope.NumRecords ?? rows.Count;
        var numPages = envelope.NumPages ?? (rows.Count == 0 ? 0 : requestedPage);
        return new CollectPage<T>(rows, numRecords, numPages);
    }

    /// <summary>
    /// Reads a one-row answer. <c>data</c> may be a row object or an array holding one row. Returns
    /// false when the answer holds no row (no <c>data</c>, <c>null</c> or an empty array).
    /// </summary>
    public static bool TryReadSingle<T>(ReadOnlySpan<byte> json, out T? row, out Envelope envelope)
        where T : ICollectRecord<T>
    {
        var reader = Open(json);
        envelope = default;
        var rows = new List<T>(1);
        while (NextData(ref reader, ref envelope))
        {
            rows.Clear();
            ReadRows(ref reader, rows, emptyObjectIsNoRow: false);
        }
        End(ref reader);
        if (rows.Count > 1)
            throw new JsonException($"Expected one row in \"data\", found {rows.Count}.");
        row = rows.Count == 1 ? rows[0] : default;
        return rows.Count == 1;
    }

    /// <summary>
    /// Reads a counts answer: <c>data</c> is <c>[{"recId":"contact","numRecords":12}, ...]</c>; a single
    /// such object, or an object mapping table names to counts, is accepted too.
    /// </summary>
    public static IReadOnlyList<RecordCount> ReadCounts(ReadOnlySpan<byte> json, out Envelope envelope)
    {
        var reader = Open(json);
        envelope = default;
        var counts = new List<RecordCount>();
        while (NextData(ref reader, ref envelope))
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartArray:
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        if (reader.TokenType == JsonTokenType.Null) continue;
                        if (reader.TokenType != JsonTokenType.StartObject)
                            throw new JsonException($"Expected a count object in \"data\", found {reader.TokenType}.");
                        ReadCountObject(ref reader, counts);
                    }
                    break;
                case JsonTokenType.StartObject:
                    ReadCountObject(ref reader, counts);
                    break;
                case JsonTokenType.Null:
                    break;
                default:
                    throw new JsonException($"Expected a list of counts in \"data\", found {reader.TokenType}.");
            }
        }
        End(ref reader);
        return counts;
    }

    /// <summary>Reads an answer whose <c>data</c>, if any, is not needed (delete). An empty body is accepted.</summary>
    public static bool ReadStatus(ReadOnlySpan<byte> json, out Envelope envelope)
    {
        envelope = default;
        if (json.Trim(" \t\r\n"u8).IsEmpty) return true;
        var reader = Open(json);
        while (NextData(ref reader, ref envelope)) reader.Skip();
        End(ref reader);
        return true;
    }

    /// <summary>
    /// Reads an error body's <c>status</c> and <c>message</c>. Returns false when the body is not a JSON
    /// object (HTML from a proxy, truncated JSON, nothing at all).
    /// </summary>
    /// <remarks>
    /// A fixed-shape message, so it goes through the source-generated <see cref="CollectJsonContext"/>
    /// (<see cref="ErrorBody"/>); the answers below stay hand-written for the generated row readers.
    /// </remarks>
    public static bool TryReadError(ReadOnlySpan<byte> json, out Envelope envelope)
    {
        envelope = default;
        try
        {
            var body = CollectJsonContext.DeserializeObject(json, CollectJsonContext.Default.ErrorBody);
            envelope.Status = body.Status;
            envelope.Message = body.Message;
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>An envelope's <c>status</c>: an integer sent as a number or a string; null for null or <c>""</c>.</summary>
    internal static int? ReadStatusCode(ref Utf8JsonReader reader) => ToInt32(ReadInteger(ref reader, "status"), "status");

    private static Utf8JsonReader Open(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, ReaderOptions);
        if (!reader.Read()) throw new JsonException("The body is empty.");
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException($"Expected a JSON object, found {reader.TokenType}.");
        return reader;
    }

    // Nothing may follow the envelope; the reader throws for trailing content or a body cut short.
    private static void End(ref Utf8JsonReader reader)
    {
        if (reader.Read()) throw new JsonException($"Unexpected {reader.TokenType} after the JSON object.");
    }

    // Moves to the next "data" member and onto its value, taking in the other members on the way;
    // returns false at the envelope's end.
    private static bool NextData(ref Utf8JsonReader reader, ref Envelope envelope)
    {
        while (true)
        {
            Read(ref reader);
            if (reader.TokenType == JsonTokenType.EndObject) return false;
            if (reader.ValueTextEquals("data"u8))
            {
                Read(ref reader);
                return true;
            }
            if (reader.ValueTextEquals("status"u8))
            {
                Read(ref reader);
                envelope.Status = ToInt32(ReadInteger(ref reader, "status"), "status");
            }
            else if (reader.ValueTextEquals("message"u8))
            {
                Read(ref reader);
                if (reader.TokenType == JsonTokenType.String) envelope.Message = reader.GetString();
                else reader.Skip();
            }
            else if (reader.ValueTextEquals("type"u8))
            {
                Read(ref reader);
                if (reader.TokenType == JsonTokenType.StartObject) ReadType(ref reader, ref envelope);
                else reader.Skip();
            }
            else
            {
                reader.Skip();
            }
        }
    }

    private static void ReadType(ref Utf8JsonReader reader, ref Envelope envelope)
    {
        while (true)
        {
            Read(ref reader);
            if (reader.TokenType == JsonTokenType.EndObject) return;
            if (reader.ValueTextEquals("numRecords"u8))
            {
                Read(ref reader);
                envelope.NumRecords = ReadInteger(ref reader, "numRecords");
            }
            else if (reader.ValueTextEquals("numPages"u8))
            {
                Read(ref reader);
                envelope.NumPages = ToInt32(ReadInteger(ref reader, "numPages"), "numPages");
            }
            else
            {
                reader.Skip();
            }
        }
    }

    private static void ReadRows<T>(ref Utf8JsonReader reader, List<T> rows, bool emptyObjectIsNoRow)
        where T : ICollectRecord<T>
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartArray:
                while (true)
                {
                    Read(ref reader);
                    if (reader.TokenType == JsonTokenType.EndArray) return;
                    if (reader.TokenType == JsonTokenType.Null) continue;
                    rows.Add(ReadRow<T>(ref reader));
                }
            case JsonTokenType.StartObject:
                if (emptyObjectIsNoRow)
                {
                    // "data": {} in a list answer means no rows: a row always has its row id.
                    var probe = reader;
                    Read(ref probe);
                    if (probe.TokenType == JsonTokenType.EndObject)
                    {
                        reader = probe;
                        return;
                    }
                }
                rows.Add(ReadRow<T>(ref reader));
                return;
            case JsonTokenType.Null:
                return;
            default:
                throw new JsonException($"Expected rows in \"data\", found {reader.TokenType}.");
        }
    }

    private static T ReadRow<T>(ref Utf8JsonReader reader)
        where T : ICollectRecord<T>
    {
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException($"Expected a row object, found {reader.TokenType}.");
        var depth = reader.CurrentDepth;
        var row = T.ReadJson(ref reader);
        if (reader.TokenType != JsonTokenType.EndObject || reader.CurrentDepth != depth)
            throw new JsonException($"Reading a {T.TableName} row stopped before the row's end.");
        return row;
    }

    private static void ReadCountObject(ref Utf8JsonReader reader, List<RecordCount> counts)
    {
        string? table = null;
        long? number = null;
        while (true)
        {
            Read(ref reader);
            if (reader.TokenType == JsonTokenType.EndObject) break;
            if (reader.ValueTextEquals("recId"u8))
            {
                Read(ref reader);
                table = reader.TokenType == JsonTokenType.String ? reader.GetString() : throw new JsonException($"Expected a table name in \"recId\", found {reader.TokenType}.");
            }
            else if (reader.ValueTextEquals("numRecords"u8))
            {
                Read(ref reader);
                number = ReadInteger(ref reader, "numRecords");
            }
            else
            {
                // The map form: {"contact": 12, "de_transaction": "3"}.
                var name = reader.GetString()!;
                Read(ref reader);
                if (reader.TokenType is JsonTokenType.Number or JsonTokenType.String)
                    counts.Add(new RecordCount(name, ReadInteger(ref reader, name) ?? 0));
                else
                    reader.Skip();
            }
        }
        if (!string.IsNullOrEmpty(table)) counts.Add(new RecordCount(table, number ?? 0));
    }

    // An integer sent as a number or a string; null for null or an empty string.
    private static long? ReadInteger(ref Utf8JsonReader reader, string member)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number:
                if (reader.TryGetInt64(out var whole)) return whole;
                if (reader.TryGetDouble(out var real) && real == Math.Floor(real) && Math.Abs(real) < 9e15) return (long)real;
                break;
            case JsonTokenType.String:
                var text = reader.GetString()!.Trim();
                if (text.Length == 0) return null;
                if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed)) return parsed;
                break;
        }
        throw new JsonException($"Expected an integer in \"{member}\", found {Describe(ref reader)}.");
    }

    private static int? ToInt32(long? value, string member) => value switch
    {
        null => null,
        >= int.MinValue and <= int.MaxValue => (int)value.Value,
        _ => throw new JsonException($"\"{member}\" is out of range."),
    };

    private static string Describe(ref Utf8JsonReader reader)
    {
        if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.Number)) return reader.TokenType.ToString();
        var raw = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan.ToArray();
        var text = Encoding.UTF8.GetString(raw, 0, Math.Min(raw.Length, 40));
        return $"'{text}'";
    }

    private static void Read(ref Utf8JsonReader reader)
    {
        if (!reader.Read()) throw new JsonException("The JSON ends too early.");
    }
}
