using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Collect.Runtime;

namespace Collect.Codegen.Tests.Compile;

/// <summary>
/// Calls generated types through the runtime's interfaces, the way the runtime itself does, for
/// types known only at run time (they live in an assembly the test compiled).
/// </summary>
public static class RuntimeCalls
{
    /// <summary>The table a generated record type maps (<see cref="ICollectRecord{TSelf}.TableName"/>).</summary>
    public static string TableName(Type recordType) => Generic<string>(nameof(TableNameOf), recordType);

    /// <summary>The row-id column of a generated record type.</summary>
    public static string RowIdColumn(Type recordType) => Generic<string>(nameof(RowIdColumnOf), recordType);

    /// <summary>
    /// The columns <see cref="ICollectRecord{TSelf}.WriteColumns"/> writes, as the JSON object of an
    /// update's <c>data</c>: all of them without a baseline, else only those that changed.
    /// </summary>
    public static string WriteColumns(object record, object? baseline = null) =>
        Generic<string>(nameof(WriteColumnsOf), record.GetType(), record, baseline);

    /// <summary>A form's answer: <c>{"jobid":…,"button":…,"data":{…}}</c> with <see cref="ICollectForm.WriteData"/> inside.</summary>
    public static string Answer(ICollectForm form, string jobId, int button)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("jobid", jobId);
            writer.WriteNumber("button", button);
            writer.WriteStartObject("data");
            form.WriteData(writer);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The columns of a generated record or form: its <c>Columns</c> constants, by property name, in declaration order.</summary>
    public static IReadOnlyList<(string Property, string Column)> Columns(Type type) =>
        (type.GetNestedType("Columns") ?? throw new InvalidOperationException($"{type} has no Columns class"))
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (f.Name, (string)f.GetRawConstantValue()!))
            .ToList();

    /// <summary>
    /// A JSON object with a distinct, valid value for every column of <paramref name="type"/>, in the
    /// API's encoding (every value a string), so a round trip shows each column reaching its own property.
    /// </summary>
    public static string SampleRow(Type type, IEnumerable<KeyValuePair<string, string>>? extra = null)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var (property, column) in Columns(type))
        {
            index++;
            var propertyType = type.GetProperty(property)?.PropertyType ?? throw new InvalidOperationException($"{type}.{property} not found");
            values[column] = Sample(Nullable.GetUnderlyingType(propertyType) ?? propertyType, index);
        }
        foreach (var pair in extra ?? Array.Empty<KeyValuePair<string, string>>()) values[pair.Key] = pair.Value;
        return JsonSerializer.Serialize(values);
    }

    /// <summary>The properties of a JSON object as strings (numbers and literals by their JSON text), for comparing objects whatever their order.</summary>
    public static IReadOnlyDictionary<string, string> Properties(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Properties(document.RootElement);
    }

    /// <summary>The properties of a JSON object: a string's value, or another value's raw JSON text.</summary>
    public static IReadOnlyDictionary<string, string> Properties(JsonElement element) =>
        element.EnumerateObject().ToDictionary(
            p => p.Name,
            p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText(),
            StringComparer.Ordinal);

    private static string Sample(Type type, int index)
    {
        var i = index.ToString(CultureInfo.InvariantCulture);
        if (type == typeof(string)) return "text " + i;
        if (type == typeof(int)) return i;
        if (type == typeof(long)) return (10_000_000_000L + index).ToString(CultureInfo.InvariantCulture);
        if (type == typeof(decimal)) return i + ".25";
        if (type == typeof(bool)) return index % 2 == 0 ? "1" : "0";
        if (type == typeof(DateOnly)) return new DateOnly(2024, 2, 1).AddDays(index % 29).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (type == typeof(TimeOnly)) return new TimeOnly(13, index % 60, (index * 7) % 60).ToString("HH:mm:ss", CultureInfo.InvariantCulture);
        if (type == typeof(DateTime)) return new DateTime(2024, 2, 29, 13, 28, index % 60).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        if (type == typeof(RowId)) return (1000 + index).ToString(CultureInfo.InvariantCulture);
        throw new InvalidOperationException($"No sample for {type}");
    }

    private static T Generic<T>(string method, Type typeArgument, params object?[] arguments)
    {
        var info = typeof(RuntimeCalls).GetMethod(method, BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(typeArgument);
        try
        {
            return (T)info.Invoke(null, arguments)!;
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
            throw;
        }
    }

    private static string TableNameOf<T>() where T : ICollectRecord<T> => T.TableName;

    private static string RowIdColumnOf<T>() where T : ICollectRecord<T> => T.RowIdColumn;

    private static string WriteColumnsOf<T>(T record, T? baseline) where T : ICollectRecord<T>
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            T.WriteColumns(writer, record, baseline);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
