using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace Collect.Runtime;

/// <summary>
/// Maps a record's column names to their positions, so generated readers can switch on an
/// integer. Built once per generated type; lookups do not allocate.
/// </summary>
public sealed class ColumnIndex
{
    // Longest property name looked up by its bytes; longer ones are read as strings.
    private const int MaxNameBytes = 256;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly Dictionary<string, int> _positions;

    // The names' UTF-8 bytes in an open-addressing table (position + 1, 0 for an empty slot), so a
    // property name is found from the reader's bytes without decoding it. Null when a name cannot
    // be matched byte for byte (it is not well-formed UTF-16, or holds U+FFFD, which the decoding
    // lookup would also match for malformed bytes).
    private readonly byte[][]? _slotNames;
    private readonly int[]? _slotPositions;
    private readonly int _mask;

    /// <summary>Creates the index; a column's position is its index in <paramref name="columns"/>.</summary>
    public ColumnIndex(params string[] columns)
    {
        _positions = new Dictionary<string, int>(columns.Length, StringComparer.Ordinal);
        for (var i = 0; i < columns.Length; i++)
            _positions.TryAdd(columns[i], i);

        var size = 8;
        while (size < _positions.Count * 4) size *= 2;
        var names = new byte[size][];
        var positions = new int[size];
        foreach (var (column, position) in _positions)
        {
            if (column.Contains('\uFFFD')) return;
            byte[] utf8;
            try
            {
                utf8 = StrictUtf8.GetBytes(column);
            }
            catch (EncoderFallbackException)
            {
                return;
            }
            var slot = Hash(utf8) & (size - 1);
            while (positions[slot] != 0) slot = (slot + 1) & (size - 1);
            names[slot] = utf8;
            positions[slot] = position + 1;
        }
        _slotNames = names;
        _slotPositions = positions;
        _mask = size - 1;
    }

    /// <summary>The number of distinct columns.</summary>
    public int Count => _positions.Count;

    /// <summary>The position of a column name, or -1.</summary>
    public int Find(string column) => _positions.TryGetValue(column, out var position) ? position : -1;

    /// <summary>The position of the property name the reader is at, or -1.</summary>
    public int Find(ref Utf8JsonReader reader)
    {
        // Equal UTF-8 bytes are equal names (ordinal), for every name in the table.
        if (_slotPositions is { } positions && !reader.HasValueSequence && !reader.ValueIsEscaped && reader.ValueSpan.Length <= MaxNameBytes)
        {
            var name = reader.ValueSpan;
            var slot = Hash(name) & _mask;
            while (true)
            {
                var position = positions[slot];
                if (position == 0) return -1;
                if (name.SequenceEqual(_slotNames![slot])) return position - 1;
                slot = (slot + 1) & _mask;
            }
        }
        return Find(reader.GetString()!);
    }

    // FNV-1a: names are short, and the table is built once.
    private static int Hash(ReadOnlySpan<byte> name)
    {
        var hash = 2166136261u;
        foreach (var b in name) hash = (hash ^ b) * 16777619u;
        return (int)(hash ^ (hash >> 15));
    }
}
