using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Collect.Codegen.Cli.Import;

/// <summary>
/// Guesses a column's schema type from sample values, conservatively: a type other than
/// <c>string</c> only when every non-empty value fits it, so generated code never fails to read a
/// value the sample showed. The user refines the result by hand; re-imports keep those edits.
/// </summary>
internal static class TypeInference
{
    /// <summary>The row-id column among a table's columns: the server's word for it, else the shortest name ending in <c>rowid</c>.</summary>
    public static string? FindRowIdColumn(IReadOnlyList<string> columns, string? declared)
    {
        if (declared is not null && columns.Contains(declared, StringComparer.Ordinal)) return declared;
        return columns
            .Where(c => c.EndsWith("rowid", StringComparison.OrdinalIgnoreCase))
            .OrderBy(c => c.Length)
            .FirstOrDefault();
    }

    /// <summary>
    /// The type of one column: <c>rowid</c> for <c>&lt;prefix&gt;rowid*</c> columns; else <c>int</c> or
    /// <c>long</c> when every value is an integer (no leading zeros: those are codes, kept as text),
    /// <c>decimal</c> when every value is a plain decimal number, <c>date</c> (<c>yyyy-MM-dd</c>),
    /// <c>time</c> (<c>HH:mm:ss</c>) or <c>datetime</c> (<c>yyyy-MM-dd HH:mm:ss</c>) when every value is
    /// one; <c>string</c> for everything else and for columns with no non-empty value.
    /// </summary>
    public static string Infer(string column, string rowIdPrefix, IEnumerable<string> values)
    {
        if (column.StartsWith(rowIdPrefix + "rowid", StringComparison.OrdinalIgnoreCase)) return "rowid";
        var sample = values.Select(v => v.Trim()).Where(v => v.Length > 0).ToList();
        if (sample.Count == 0) return "string";
        if (sample.All(IsInteger))
        {
            if (sample.All(v => int.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))) return "int";
            if (sample.All(v => long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))) return "long";
            return "string";
        }
        if (sample.All(v => IsInteger(v) || IsDecimal(v))) return "decimal";
        if (sample.All(v => DateOnly.TryParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))) return "date";
        if (sample.All(v => TimeOnly.TryParseExact(v, "HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))) return "time";
        if (sample.All(v => DateTime.TryParseExact(v, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))) return "datetime";
        return "string";
    }

    /// <summary>The column prefix of a row-id column: <c>co_rowid</c> → <c>co_</c>.</summary>
    public static string PrefixOf(string rowIdColumn)
    {
        var index = rowIdColumn.LastIndexOf("rowid", StringComparison.OrdinalIgnoreCase);
        return index > 0 ? rowIdColumn[..index] : "";
    }

    // -12, 0, 7; not 007 or +7 (codes and phone-like text stay strings).
    private static bool IsInteger(string value)
    {
        var digits = value.StartsWith('-') ? value.AsSpan(1) : value.AsSpan();
        if (digits.Length == 0 || digits.Length > 19) return false;
        foreach (var c in digits) if (c is < '0' or > '9') return false;
        return digits.Length == 1 || digits[0] != '0';
    }

    // -12.50, 0.5; not .5, 1., 1e3 or 1,000.
    private static bool IsDecimal(string value)
    {
        var dot = value.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot == value.Length - 1) return false;
        var whole = value[..dot];
        var fraction = value[(dot + 1)..];
        return (IsInteger(whole) || whole == "-0") && fraction.All(c => c is >= '0' and <= '9')
            && decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _);
    }
}
