using System;
using System.Globalization;
using System.Text.Json;
using Collect.Codegen.Model;

namespace Collect.DevServer.Schema;

/// <summary>
/// Checks and normalizes column values. Values are stored as the API's strings: numbers in
/// invariant form, switches as <c>1</c>/<c>0</c>, dates <c>yyyy-MM-dd</c>, times <c>HH:mm:ss</c>,
/// date-times <c>yyyy-MM-dd HH:mm:ss</c>, and the empty string for "no value".
/// </summary>
internal static class ColumnValues
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private static readonly string[] TimeFormats = ["HH:mm:ss", "HH:mm", "H:mm:ss", "H:mm"];
    private static readonly string[] DateTimeFormats =
        ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-ddTHH:mm", "yyyy-MM-dd"];

    /// <summary>The text of a JSON value in a request's <c>data</c>; null when the value is an object or array.</summary>
    public static string? FromJson(JsonElement value)
    {
        try
        {
            return value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                JsonValueKind.True => "1",
                JsonValueKind.False => "0",
                JsonValueKind.Null => "",
                _ => null,
            };
        }
        catch (InvalidOperationException)
        {
            return null; // a string with invalid UTF-16 escapes
        }
    }

    /// <summary>Normalizes a value for a column; returns an error text when the value does not fit.</summary>
    public static bool TryNormalize(ServerColumn column, string value, out string normalized, out string? error)
    {
        normalized = value;
        error = null;
        if (value.Length == 0) return true;
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            error = $"The value for {column.Name} holds a NUL character.";
            return false;
        }
        switch (column.Type)
        {
            case ColumnType.String:
            case ColumnType.File:
                if (column.MaxLength is { } max && value.Length > max)
                {
                    error = $"The value for {column.Name} is {value.Length} characters long; the column holds at most {max}.";
                    return false;
                }
                return true;
            case ColumnType.Int:
            case ColumnType.Flags:
                if (int.TryParse(value, NumberStyles.AllowLeadingSign, Invariant, out var i))
                {
                    normalized = i.ToString(Invariant);
                    return true;
                }
                break;
            case ColumnType.Long:
                if (long.TryParse(value, NumberStyles.AllowLeadingSign, Invariant, out var l))
                {
                    normalized = l.ToString(Invariant);
                    return true;
                }
                break;
            case ColumnType.RowId:
                if (long.TryParse(value, NumberStyles.None, Invariant, out var r))
                {
                    normalized = r.ToString(Invariant);
                    return true;
                }
                break;
            case ColumnType.Decimal:
            case ColumnType.Money:
                if (TryParseDecimal(value, out var d))
                {
                    normalized = d.ToString(Invariant);
                    return true;
                }
                break;
            case ColumnType.Bool:
                switch (value.Trim().ToLowerInvariant())
                {
                    case "1": case "true": case "yes": case "y": normalized = "1"; return true;
                    case "0": case "false": case "no": case "n": normalized = "0"; return true;
                }
                break;
            case ColumnType.Date:
                if (DateOnly.TryParseExact(value, "yyyy-MM-dd", Invariant, DateTimeStyles.None, out var date))
                {
                    normalized = date.ToString("yyyy-MM-dd", Invariant);
                    return true;
                }
                break;
            case ColumnType.Time:
                if (TimeOnly.TryParseExact(value, TimeFormats, Invariant, DateTimeStyles.None, out var time))
                {
                    normalized = time.ToString("HH:mm:ss", Invariant);
                    return true;
                }
                break;
            case ColumnType.DateTime:
                if (DateTime.TryParseExact(value, DateTimeFormats, Invariant, DateTimeStyles.None, out var dateTime))
                {
                    normalized = dateTime.ToString("yyyy-MM-dd HH:mm:ss", Invariant);
                    return true;
                }
                break;
        }
        error = $"'{Excerpt(value)}' is not {Expected(column.Type)} (column {column.Name}).";
        return false;
    }

    /// <summary>A number for SQL comparisons of a normalized numeric value: a long, or a double for decimals.</summary>
    public static object SqlNumber(ServerColumn column, string normalized) =>
        column.Type is ColumnType.Decimal or ColumnType.Money
            ? (object)(double)decimal.Parse(normalized, NumberStyles.Number, Invariant)
            : long.Parse(normalized, NumberStyles.AllowLeadingSign, Invariant);

    private static bool TryParseDecimal(string value, out decimal result)
    {
        // Plain decimal notation only (an optional minus, digits, an optional fraction), so that
        // SQLite's numeric cast reads every stored value the same way.
        result = 0;
        var start = value.Length > 0 && value[0] == '-' ? 1 : 0;
        var dot = -1;
        for (var i = start; i < value.Length; i++)
        {
            if (value[i] == '.' && dot < 0 && i > start) { dot = i; continue; }
            if (value[i] is < '0' or > '9') return false;
        }
        if (value.Length == start || dot == value.Length - 1) return false;
        return decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, Invariant, out result);
    }

    private static string Expected(ColumnType type) => type switch
    {
        ColumnType.Int or ColumnType.Flags => "a 32-bit integer",
        ColumnType.Long => "an integer",
        ColumnType.RowId => "a row id (digits)",
        ColumnType.Decimal or ColumnType.Money => "a number",
        ColumnType.Bool => "a switch (1 or 0)",
        ColumnType.Date => "a yyyy-MM-dd date",
        ColumnType.Time => "an HH:mm:ss time",
        ColumnType.DateTime => "a yyyy-MM-dd HH:mm:ss date and time",
        _ => "text",
    };

    /// <summary>A short excerpt of a value for messages.</summary>
    public static string Excerpt(string text) => text.Length <= 40 ? text : text[..40] + "...";

    /// <summary>
    /// Reads a whole number written with ASCII digits only (a row id, a page): no sign, no spaces and
    /// no trailing NUL (which .NET's number parser would skip).
    /// </summary>
    internal static bool TryParseDigits(string? text, out long value)
    {
        value = 0;
        if (string.IsNullOrEmpty(text)) return false;
        foreach (var c in text)
            if (!char.IsAsciiDigit(c)) return false;
        return long.TryParse(text, NumberStyles.None, Invariant, out value);
    }
}
