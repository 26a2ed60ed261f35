using System;
using System.Text.Json;

namespace Collect.Runtime;

/// <summary>
/// The operator a session signed in as: the <c>nx_operator</c> record of the sign-in answer. The
/// documented columns are typed here; <see cref="Read{T}"/> reads the whole record into a generated
/// record type.
/// </summary>
public sealed class CollectOperator
{
    private readonly byte[] _json;

    internal CollectOperator(byte[] json, RowId? rowId, string? id, string? name, int? level, int? function)
    {
        _json = json;
        RowId = rowId;
        Id = id;
        Name = name;
        Level = level;
        Function = function;
    }

    /// <summary>The operator's row id (<c>op_rowid</c>).</summary>
    public RowId? RowId { get; }

    /// <summary>The operator id (<c>op_id</c>, e.g. <c>OWN</c>).</summary>
    public string? Id { get; }

    /// <summary>The operator's name (<c>op_name</c>).</summary>
    public string? Name { get; }

    /// <summary>The operator's level (<c>op_level</c>).</summary>
    public int? Level { get; }

    /// <summary>The operator's function (<c>op_function</c>).</summary>
    public int? Function { get; }

    /// <summary>Reads the whole <c>nx_operator</c> record into a (generated) record type.</summary>
    /// <exception cref="JsonException">The record does not fit <typeparamref name="T"/>.</exception>
    public T Read<T>() where T : ICollectRecord<T>
    {
        var reader = new Utf8JsonReader(_json);
        reader.Read();
        return T.ReadJson(ref reader);
    }

    /// <summary>The operator's id, name, row id, level and function (never other columns of the record).</summary>
    public override string ToString() =>
        $"CollectOperator {{ Id = {Id}, Name = {Name}, RowId = {RowId?.ToString() ?? "(none)"}, Level = {Level?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none)"}, Function = {Function?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none)"} }}";
}
