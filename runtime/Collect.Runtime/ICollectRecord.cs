using System.Text.Json;

namespace Collect.Runtime;

/// <summary>
/// What the runtime needs to know of a generated record type: its table, its row-id column and
/// its reflection-free JSON mapping. Generated types implement it explicitly, so none of these
/// names can clash with a column's property.
/// </summary>
/// <typeparam name="TSelf">The generated record type.</typeparam>
public interface ICollectRecord<TSelf> where TSelf : ICollectRecord<TSelf>
{
    /// <summary>The table's name in the API path (<c>/api/v1/collect/data/{table}</c>).</summary>
    static abstract string TableName { get; }

    /// <summary>The table's row-id column, e.g. <c>co_rowid</c>.</summary>
    static abstract string RowIdColumn { get; }

    /// <summary>Reads one row; the reader is at the row's <c>{</c>.</summary>
    static abstract TSelf ReadJson(ref Utf8JsonReader reader);

    /// <summary>
    /// Writes the row's columns as the properties of the current JSON object (the <c>data</c> of a
    /// create or update). With a <paramref name="baseline"/>, only the columns whose value differs
    /// from it are written, and a value cleared since is written as <c>""</c>.
    /// </summary>
    static abstract void WriteColumns(Utf8JsonWriter writer, TSelf value, TSelf? baseline);

    /// <summary>The row's id, when it has one (a staged or new record has none).</summary>
    RowId? RecordRowId { get; }
}
