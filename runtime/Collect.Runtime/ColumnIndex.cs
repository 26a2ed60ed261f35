using System;
using System.Collections.Generic;
using System.Text.Json;

namespace Collect.Runtime;

/// <summary>
/// Maps a record's column names to their positions, so generated readers can switch on an
/// integer. Built once per generated type; lookups of unescaped names do not allocate on .NET 9+.
/// </summary>
public sealed class ColumnIndex
{
    private readonly Dictionary<string, int> _positions;
#if NET9_0_OR_GREATER
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _spanLookup;
#endif

    /// <summary>Creates the index; a column's position is its index in <paramref name="columns"/>.</summary>
    public ColumnIndex(params string[] columns)
    {
        _positions = new Dictionary<string, int>(columns.Length, StringComparer.Ordinal);
        for (var i = 0; i < columns.Length; i++)
            _positions.TryAdd(columns[i], i);
#if NET9_0_OR_GREATER
        _spanLookup = _positions.GetAlternateLookup<ReadOnlySpan<char>>();
#endif
    }

    /// <summary>The number of distinct columns.</summary>
    public int Count => _positions.Count;

    /// <summary>The position of a column name, or -1.</summary>
    public int Find(string column) => _positions.TryGetValue(column, out var position) ? position : -1;

    /// <summary>The position of the property name the reader is at, or -1.</summary>
    public int Find(ref Utf8JsonReader reader)
    {
#if NET9_0_OR_GREATER
        if (!reader.HasValueSequence && !reader.ValueIsEscaped && reader.ValueSpan.Length <= 256)
        {
            Span<char> name = stackalloc char[256];
            var length = System.Text.Encoding.UTF8.GetChars(reader.ValueSpan, name);
            return _spanLookup.TryGetValue(name[..length], out var found) ? found : -1;
        }
#endif
        return Find(reader.GetString()!);
    }
}
