using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using Collect.Codegen.Model;

namespace Collect.Codegen.Parsing;

/// <summary>A JSON value with the byte span it came from, so every problem can point at its line and column.</summary>
internal abstract class JsonNode
{
    protected JsonNode(int start, int end)
    {
        Start = start;
        End = end;
    }

    /// <summary>UTF-8 offset of the value's first byte.</summary>
    public int Start { get; }

    /// <summary>UTF-8 offset just past the value's last byte.</summary>
    public int End { get; }

    /// <summary>A JSON Schema-style word for the value's kind ("a string", "an array", ...).</summary>
    public abstract string Kind { get; }
}

internal sealed class JsonObjectNode : JsonNode
{
    public JsonObjectNode(int start, int end, List<JsonProperty> properties) : base(start, end) => Properties = properties;
    public List<JsonProperty> Properties { get; }
    public override string Kind => "an object";
}

internal sealed class JsonProperty
{
    public JsonProperty(string name, int nameStart, int nameEnd, JsonNode value)
    {
        Name = name;
        NameStart = nameStart;
        NameEnd = nameEnd;
        Value = value;
    }

    public string Name { get; }
    public int NameStart { get; }
    public int NameEnd { get; }
    public JsonNode Value { get; }
}

internal sealed class JsonArrayNode : JsonNode
{
    public JsonArrayNode(int start, int end, List<JsonNode> items) : base(start, end) => Items = items;
    public List<JsonNode> Items { get; }
    public override string Kind => "an array";
}

internal sealed class JsonStringNode : JsonNode
{
    public JsonStringNode(int start, int end, string value) : base(start, end) => Value = value;
    public string Value { get; }
    public override string Kind => "a string";
}

internal sealed class JsonNumberNode : JsonNode
{
    public JsonNumberNode(int start, int end, string text, long? integer) : base(start, end)
    {
        Text = text;
        Integer = integer;
    }

    public string Text { get; }
    public long? Integer { get; }
    public override string Kind => "a number";
}

internal sealed class JsonBoolNode : JsonNode
{
    public JsonBoolNode(int start, int end, bool value) : base(start, end) => Value = value;
    public bool Value { get; }
    public override string Kind => "a boolean";
}

internal sealed class JsonNullNode : JsonNode
{
    public JsonNullNode(int start, int end) : base(start, end) { }
    public override string Kind => "null";
}

/// <summary>Reads a schema file into <see cref="JsonNode"/>s and turns byte offsets into locations.</summary>
internal sealed class JsonTree
{
    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = 64,
    };

    private readonly string _path;
    private readonly string _text;
    private readonly byte[] _utf8;
    // Lines as Roslyn and editors count them (\r\n, \r, \n, U+0085, U+2028, U+2029), for locations.
    private readonly List<int> _lineStartBytes = new() { 0 };
    private readonly List<int> _lineStartChars = new() { 0 };
    // Lines as System.Text.Json counts them (\n only), to read its error positions.
    private readonly List<int> _readerLineStartBytes = new() { 0 };

    private JsonTree(string path, string text)
    {
        _path = path;
        _text = text;
        _utf8 = Encoding.UTF8.GetBytes(text);
        var bytes = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                bytes += 4;
                i++;
                continue;
            }
            bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
            if (c == '\n') _readerLineStartBytes.Add(bytes);
            var isBreak = c is '\n' or '\u0085' or '\u2028' or '\u2029' || (c == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n'));
            if (isBreak)
            {
                _lineStartBytes.Add(bytes);
                _lineStartChars.Add(i + 1);
            }
        }
    }

    /// <summary>Parses a file. Returns the root, or null with a CCG001 diagnostic at the failure.</summary>
    public static (JsonTree Tree, JsonNode? Root, SchemaDiagnostic? Error) Parse(string path, string text)
    {
        var tree = new JsonTree(path, text);
        var span = tree._utf8.AsSpan();
        // A byte order mark is not JSON; skip it the way editors do.
        var offset = span.Length >= 3 && span[0] == 0xEF && span[1] == 0xBB && span[2] == 0xBF ? 3 : 0;
        // The reader throws on input without a token; say so in words.
        if (IsBlank(span.Slice(offset)))
            return (tree, null, SchemaDiagnostic.Create(DiagnosticCatalog.MalformedJson, tree.Locate(0, 0), "the file is empty"));
        var reader = new Utf8JsonReader(span.Slice(offset), ReaderOptions);
        try
        {
            if (!reader.Read())
                return (tree, null, SchemaDiagnostic.Create(DiagnosticCatalog.MalformedJson, tree.Locate(0, 0), "the file is empty"));
            var root = tree.ReadValue(ref reader, offset);
            if (reader.Read())
                throw new JsonException("'" + (char)span[offset + (int)reader.TokenStartIndex] + "' after the end of the JSON value");
            return (tree, root, null);
        }
        catch (InvalidOperationException ex)
        {
            // Escapes that decode to invalid UTF-16 (a lone "\ud800") surface here, not as JsonException.
            var at = offset + (int)reader.TokenStartIndex;
            return (tree, null, SchemaDiagnostic.Create(DiagnosticCatalog.MalformedJson, tree.Locate(at, at), CleanMessage(ex.Message)));
        }
        catch (JsonException ex)
        {
            var at = offset + (int)reader.BytesConsumed;
            var location = ex.LineNumber is long line && ex.BytePositionInLine is long column
                ? tree.LocateLineByte((int)line, (int)column + (line == 0 ? offset : 0)) // the reader's first line starts after the BOM
                : tree.Locate(at, at);
            return (tree, null, SchemaDiagnostic.Create(DiagnosticCatalog.MalformedJson, location, CleanMessage(ex.Message)));
        }
    }

    private static bool IsBlank(ReadOnlySpan<byte> utf8)
    {
        foreach (var b in utf8)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')) return false;
        }
        return true;
    }

    /// <summary>The location of a node.</summary>
    public SourceLocation Locate(JsonNode node) => Locate(node.Start, node.End);

    /// <summary>The location of a property's name.</summary>
    public SourceLocation LocateName(JsonProperty property) => Locate(property.NameStart, property.NameEnd);

    /// <summary>The location of a UTF-8 byte range.</summary>
    public SourceLocation Locate(int startByte, int endByte)
    {
        var (startLine, startColumn, startChar) = Position(startByte);
        var (endLine, endColumn, endChar) = Position(Math.Max(startByte, endByte));
        return new SourceLocation(_path, startChar, endChar - startChar, startLine, startColumn, endLine, endColumn);
    }

    // A System.Text.Json error position (its \n-only line, byte in that line) as a location.
    private SourceLocation LocateLineByte(int line, int byteInLine)
    {
        line = Math.Min(Math.Max(line, 0), _readerLineStartBytes.Count - 1);
        var at = _readerLineStartBytes[line] + byteInLine;
        return Locate(at, at);
    }

    private (int Line, int Column, int Char) Position(int byteOffset)
    {
        byteOffset = Math.Min(Math.Max(byteOffset, 0), _utf8.Length);
        var line = _lineStartBytes.BinarySearch(byteOffset);
        if (line < 0) line = ~line - 1;
        var lineStart = _lineStartBytes[line];
        var column = Encoding.UTF8.GetCharCount(_utf8, lineStart, byteOffset - lineStart);
        return (line, column, Math.Min(_lineStartChars[line] + column, _text.Length));
    }

    private JsonNode ReadValue(ref Utf8JsonReader reader, int offset)
    {
        var start = offset + (int)reader.TokenStartIndex;
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
            {
                var properties = new List<JsonProperty>();
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var nameStart = offset + (int)reader.TokenStartIndex;
                    var name = reader.GetString() ?? "";
                    // BytesConsumed is past the ':' here; the name ends at its closing quote.
                    var nameEnd = nameStart + reader.ValueSpan.Length + 2;
                    reader.Read();
                    properties.Add(new JsonProperty(name, nameStart, nameEnd, ReadValue(ref reader, offset)));
                }
                return new JsonObjectNode(start, offset + (int)reader.BytesConsumed, properties);
            }
            case JsonTokenType.StartArray:
            {
                var items = new List<JsonNode>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    items.Add(ReadValue(ref reader, offset));
                return new JsonArrayNode(start, offset + (int)reader.BytesConsumed, items);
            }
            case JsonTokenType.String:
                return new JsonStringNode(start, offset + (int)reader.BytesConsumed, reader.GetString() ?? "");
            case JsonTokenType.Number:
                return new JsonNumberNode(
                    start,
                    offset + (int)reader.BytesConsumed,
                    Encoding.UTF8.GetString(reader.ValueSpan.ToArray()),
                    reader.TryGetInt64(out var integer) ? integer : null);
            case JsonTokenType.True:
            case JsonTokenType.False:
                return new JsonBoolNode(start, offset + (int)reader.BytesConsumed, reader.TokenType == JsonTokenType.True);
            default:
                return new JsonNullNode(start, offset + (int)reader.BytesConsumed);
        }
    }

    // System.Text.Json appends "LineNumber: 3 | BytePositionInLine: 7." — the location says that already.
    private static string CleanMessage(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        var text = cut >= 0 ? message.Substring(0, cut) : message;
        return text.Trim().TrimEnd('.');
    }
}
