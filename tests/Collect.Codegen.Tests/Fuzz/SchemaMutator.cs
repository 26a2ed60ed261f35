using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Collect.Codegen.Tests.Fuzz;

/// <summary>The ways the fuzzer breaks (or bends) a valid schema file.</summary>
internal enum Mutation
{
    Truncate,
    FlipBytes,
    SwapValueType,
    DeepNesting,
    UnbalancedNesting,
    HugeString,
    DuplicateKey,
    UnicodeInText,
    UnicodeInValue,
    DeleteProperty,
    RenameProperty,
    DuplicateArrayItem,
    RandomTypeName,
    StealName,
    ChangeCase,
    Several,
}

/// <summary>
/// A deterministic mutator: the same seed gives the same mutation. Structural mutations work on
/// a <see cref="JsonNode"/> tree and write it back (sometimes compact, sometimes indented, with
/// unicode raw or escaped); textual ones work on the characters or the UTF-8 bytes.
/// </summary>
internal sealed class SchemaMutator
{
    private const string Placeholder = "__fuzz_placeholder__";

    private static readonly string[] PropertyNames =
    {
        "table", "rowId", "typeName", "description", "fields", "name", "type", "references", "property",
        "maxLength", "readOnly", "required", "values", "value", "formId", "buttons", "$schema", "bogus", "",
    };

    private static readonly string[] Words =
    {
        "string", "int", "rowid", "debtor", "contact", "client", "class", "int", "Columns", "CollectDb", "Filter",
        "co_rowid", "de_rowid", "1st", "a b", "x-y", "@", "_", "ǅungla", "Contact", "contacts", "", " ", "null", "Ok",
    };

    private readonly Random _random;
    private readonly IReadOnlyList<(string Path, string Text)> _corpus;

    public SchemaMutator(int seed, IReadOnlyList<(string Path, string Text)> corpus)
    {
        _random = new Random(seed);
        _corpus = corpus;
    }

    /// <summary>Picks a mutation and applies it to <paramref name="text"/>.</summary>
    public (Mutation Kind, string Text) Mutate(string text, Mutation? kind = null)
    {
        var mutation = kind ?? Pick();
        return (mutation, Apply(mutation, text));
    }

    private Mutation Pick()
    {
        // Huge inputs are slow to render; keep them rare.
        var roll = _random.Next(100);
        if (roll < 2) return Mutation.HugeString;
        if (roll < 4) return Mutation.DeepNesting;
        var common = Enum.GetValues<Mutation>().Where(m => m is not (Mutation.HugeString or Mutation.DeepNesting)).ToArray();
        return common[_random.Next(common.Length)];
    }

    private string Apply(Mutation mutation, string text)
    {
        switch (mutation)
        {
            case Mutation.Truncate:
                return text.Substring(0, _random.Next(text.Length));
            case Mutation.FlipBytes:
            {
                var bytes = Encoding.UTF8.GetBytes(text);
                var flips = 1 + _random.Next(8);
                for (var i = 0; i < flips; i++)
                    bytes[_random.Next(bytes.Length)] ^= (byte)(1 + _random.Next(255));
                return Encoding.UTF8.GetString(bytes); // invalid sequences become U+FFFD
            }
            case Mutation.UnicodeInText:
            {
                var builder = new StringBuilder(text);
                var inserts = 1 + _random.Next(4);
                for (var i = 0; i < inserts; i++)
                    builder.Insert(_random.Next(builder.Length + 1), RandomUnicode(1 + _random.Next(6), allowLoneSurrogates: true));
                return builder.ToString();
            }
            case Mutation.Several:
            {
                var count = 2 + _random.Next(3);
                for (var i = 0; i < count; i++)
                    text = Apply(Structural[_random.Next(Structural.Length)], text);
                return text;
            }
            default:
                return MutateTree(mutation, text);
        }
    }

    private static readonly Mutation[] Structural =
    {
        Mutation.SwapValueType, Mutation.DuplicateKey, Mutation.UnicodeInValue, Mutation.DeleteProperty,
        Mutation.RenameProperty, Mutation.DuplicateArrayItem, Mutation.RandomTypeName, Mutation.StealName, Mutation.ChangeCase,
    };

    private string MutateTree(Mutation mutation, string text)
    {
        JsonNode? root;
        List<(JsonNode Parent, string? Key, int Index)> slots;
        try
        {
            root = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (root is null) return text;
            slots = Slots(root).ToList(); // JsonObject reads lazily: a repeated key throws only here
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException)
        {
            return Apply(Mutation.Truncate, text); // an earlier mutation already broke it
        }
        if (slots.Count == 0) return text;
        var (parent, key, index) = slots[_random.Next(slots.Count)];
        var current = key is not null ? ((JsonObject)parent)[key] : ((JsonArray)parent)[index];
        string? raw = null;
        (JsonObject Target, string Key, JsonNode? Value)? duplicate = null;

        switch (mutation)
        {
            case Mutation.SwapValueType:
                Set(parent, key, index, RandomValue(KindOf(current)));
                break;
            case Mutation.DeepNesting:
                raw = _random.Next(2) == 0
                    ? new string('[', 10_000) + new string(']', 10_000)
                    : string.Concat(Enumerable.Repeat("{\"a\":", 5_000)) + "1" + new string('}', 5_000);
                Set(parent, key, index, JsonValue.Create(Placeholder));
                break;
            case Mutation.UnbalancedNesting:
                raw = new string(_random.Next(2) == 0 ? '[' : '{', 1 + _random.Next(200));
                Set(parent, key, index, JsonValue.Create(Placeholder));
                break;
            case Mutation.HugeString:
                Set(parent, key, index, JsonValue.Create(new string((char)('a' + _random.Next(26)), 1 << 20) + RandomUnicode(3, allowLoneSurrogates: false)));
                break;
            case Mutation.DuplicateKey:
            {
                var objects = Objects(root).ToList();
                var target = objects[_random.Next(objects.Count)];
                if (target.Count == 0) return text;
                var property = target.ElementAt(_random.Next(target.Count));
                var value = _random.Next(2) == 0 ? property.Value?.DeepClone() : RandomValue(null);
                duplicate = (target, property.Key, value);
                break;
            }
            case Mutation.UnicodeInValue:
                Set(parent, key, index, JsonValue.Create(RandomUnicode(1 + _random.Next(12), allowLoneSurrogates: false)));
                break;
            case Mutation.DeleteProperty:
                if (key is not null) ((JsonObject)parent).Remove(key);
                else ((JsonArray)parent).RemoveAt(index);
                break;
            case Mutation.RenameProperty:
                if (key is not null)
                {
                    var obj = (JsonObject)parent;
                    var newName = PropertyNames[_random.Next(PropertyNames.Length)];
                    obj.Remove(key);
                    obj[newName] = current;
                }
                break;
            case Mutation.DuplicateArrayItem:
            {
                var arrays = Arrays(root).Where(a => a.Count > 0).ToList();
                if (arrays.Count == 0) return text;
                var array = arrays[_random.Next(arrays.Count)];
                array.Insert(_random.Next(array.Count + 1), array[_random.Next(array.Count)]?.DeepClone());
                break;
            }
            case Mutation.RandomTypeName:
                Set(parent, key, index, JsonValue.Create(Words[_random.Next(Words.Length)]));
                break;
            case Mutation.ChangeCase:
            {
                // Names that differ only in case: C# tells them apart, file systems and hint names do not.
                var strings = slots.Where(s => (s.Key is not null ? ((JsonObject)s.Parent)[s.Key] : ((JsonArray)s.Parent)[s.Index]) is JsonValue v
                    && v.GetValueKind() == JsonValueKind.String).ToList();
                if (strings.Count == 0) return text;
                var (p, k, x) = strings[_random.Next(strings.Count)];
                var value = (k is not null ? ((JsonObject)p)[k] : ((JsonArray)p)[x])!.GetValue<string>();
                var changed = _random.Next(3) switch
                {
                    0 => value.ToUpperInvariant(),
                    1 => value.ToLowerInvariant(),
                    _ => new string(value.Select(c => char.IsUpper(c) ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c)).ToArray()),
                };
                Set(p, k, x, JsonValue.Create(changed));
                break;
            }
            case Mutation.StealName:
            {
                // A value from another file at the same property: duplicate tables, types, form ids, references.
                var other = _corpus[_random.Next(_corpus.Count)].Text;
                var otherRoot = JsonNode.Parse(other, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true });
                var candidates = Slots(otherRoot!).Where(s => s.Key == key && s.Key is not null).ToList();
                if (candidates.Count == 0) return Apply(Mutation.RandomTypeName, text);
                var (otherParent, otherKey, _) = candidates[_random.Next(candidates.Count)];
                Set(parent, key, index, ((JsonObject)otherParent)[otherKey!]?.DeepClone());
                break;
            }
        }

        var written = Write(root, duplicate);
        return raw is null ? written : written.Replace("\"" + Placeholder + "\"", raw, StringComparison.Ordinal);
    }

    /// <summary>Every place a value sits: (parent, property name or null, array index).</summary>
    private static IEnumerable<(JsonNode Parent, string? Key, int Index)> Slots(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var property in obj.ToList())
                {
                    yield return (obj, property.Key, -1);
                    if (property.Value is not null)
                        foreach (var slot in Slots(property.Value)) yield return slot;
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    yield return (array, null, i);
                    if (array[i] is { } item)
                        foreach (var slot in Slots(item)) yield return slot;
                }
                break;
        }
    }

    private static IEnumerable<JsonObject> Objects(JsonNode? node) => node switch
    {
        JsonObject obj => new[] { obj }.Concat(obj.SelectMany(p => Objects(p.Value))),
        JsonArray array => array.SelectMany(Objects),
        _ => Enumerable.Empty<JsonObject>(),
    };

    private static IEnumerable<JsonArray> Arrays(JsonNode? node) => node switch
    {
        JsonObject obj => obj.SelectMany(p => Arrays(p.Value)),
        JsonArray array => new[] { array }.Concat(array.SelectMany(Arrays)),
        _ => Enumerable.Empty<JsonArray>(),
    };

    private static void Set(JsonNode parent, string? key, int index, JsonNode? value)
    {
        if (key is not null) ((JsonObject)parent)[key] = value;
        else ((JsonArray)parent)[index] = value;
    }

    private static JsonValueKind KindOf(JsonNode? node) => node?.GetValueKind() ?? JsonValueKind.Null;

    /// <summary>A value of a different JSON kind than <paramref name="not"/>.</summary>
    private JsonNode? RandomValue(JsonValueKind? not)
    {
        while (true)
        {
            var kind = _random.Next(7);
            JsonNode? value = kind switch
            {
                0 => JsonValue.Create(Words[_random.Next(Words.Length)]),
                1 => JsonValue.Create(_random.Next(5) switch { 0 => -1, 1 => 0, 2 => long.MaxValue, 3 => 4631, _ => _random.Next(-100, 100) }),
                2 => _random.Next(2) == 0 ? JsonValue.Create(1.5m) : JsonValue.Create(1e300),
                3 => new JsonArray(JsonValue.Create("x"), JsonValue.Create(1)),
                4 => new JsonObject { ["name"] = "x", ["type"] = "int" },
                5 => JsonValue.Create(_random.Next(2) == 0),
                _ => null,
            };
            var valueKind = KindOf(value);
            if (not is null || valueKind != not) return value;
        }
    }

    /// <summary>Random text from awkward corners of Unicode: marks, joiners, RTL, astral, separators, controls.</summary>
    public string RandomUnicode(int length, bool allowLoneSurrogates)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < length; i++)
        {
            switch (_random.Next(allowLoneSurrogates ? 12 : 11))
            {
                case 0: builder.Append((char)_random.Next(0x20, 0x7F)); break;
                case 1: builder.Append((char)_random.Next(0xA0, 0x250)); break;
                case 2: builder.Append((char)_random.Next(0x300, 0x370)); break;           // combining marks
                case 3: builder.Append((char)_random.Next(0x200B, 0x2010)); break;         // zero-width, LRM/RLM
                case 4: builder.Append((char)_random.Next(0x5D0, 0x5EB)); break;           // Hebrew
                case 5: builder.Append(char.ConvertFromUtf32(_random.Next(0x1F600, 0x1F650))); break; // emoji
                case 6: builder.Append(char.ConvertFromUtf32(_random.Next(0x20000, 0x20100))); break; // CJK ext B
                case 7: builder.Append(new[] { '\u2028', '\u2029', '\u0085', '\uFEFF', '\uFFFD', '\uFFFF', '\r', '\t' }[_random.Next(8)]); break;
                case 8: builder.Append((char)_random.Next(0x00, 0x20)); break;             // controls
                case 9: builder.Append((char)_random.Next(0x4E00, 0x9FFF)); break;         // CJK
                case 10: builder.Append(new[] { '"', '\\', '{', '}', '[', ']', ':', ',', '/', '*', '<', '>', '&' }[_random.Next(13)]); break;
                default: builder.Append((char)_random.Next(0xD800, 0xE000)); break;        // a lone surrogate
            }
        }
        return builder.ToString();
    }

    /// <summary>Writes the tree back, sometimes indented, sometimes with raw unicode, optionally with one key twice.</summary>
    private string Write(JsonNode root, (JsonObject Target, string Key, JsonNode? Value)? duplicate)
    {
        var options = new JsonWriterOptions
        {
            Indented = _random.Next(2) == 0,
            Encoder = _random.Next(2) == 0 ? JavaScriptEncoder.UnsafeRelaxedJsonEscaping : JavaScriptEncoder.Default,
            SkipValidation = true,
            MaxDepth = 20_000,
        };
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, options))
            WriteNode(writer, root, duplicate);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteNode(Utf8JsonWriter writer, JsonNode? node, (JsonObject Target, string Key, JsonNode? Value)? duplicate)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject obj:
                writer.WriteStartObject();
                foreach (var property in obj)
                {
                    writer.WritePropertyName(property.Key);
                    WriteNode(writer, property.Value, duplicate);
                    if (duplicate is { } d && ReferenceEquals(d.Target, obj) && d.Key == property.Key)
                    {
                        writer.WritePropertyName(property.Key);
                        WriteNode(writer, d.Value, null);
                    }
                }
                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array) WriteNode(writer, item, duplicate);
                writer.WriteEndArray();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }
}
