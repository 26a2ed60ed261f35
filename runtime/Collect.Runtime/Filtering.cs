using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Collect.Runtime;

/// <summary>The comparison operators of the <c>filter</c> parameter (CONTRACT.md).</summary>
public enum FilterOperator
{
    /// <summary><c>column=value</c></summary>
    Equal,
    /// <summary><c>column__ne=value</c></summary>
    NotEqual,
    /// <summary><c>column__gt=value</c></summary>
    GreaterThan,
    /// <summary><c>column__gte=value</c></summary>
    GreaterThanOrEqual,
    /// <summary><c>column__lt=value</c></summary>
    LessThan,
    /// <summary><c>column__lte=value</c></summary>
    LessThanOrEqual,
    /// <summary><c>column__like=pattern</c> (<c>%</c> and <c>_</c> wildcards)</summary>
    Like,
    /// <summary><c>column__nlike=pattern</c></summary>
    NotLike,
    /// <summary><c>column__in=(v1,v2)</c></summary>
    In,
    /// <summary><c>column__nin=(v1,v2)</c></summary>
    NotIn,
}

/// <summary>One condition of a filter: a column, an operator and its value(s), already formatted as the API expects.</summary>
public sealed record FilterCondition
{
    /// <summary>Creates a condition. <paramref name="values"/> holds one value, or the list of <c>In</c>/<c>NotIn</c>.</summary>
    public FilterCondition(string column, FilterOperator op, IReadOnlyList<string> values)
    {
        ArgumentException.ThrowIfNullOrEmpty(column);
        ArgumentNullException.ThrowIfNull(values);
        if (op is FilterOperator.In or FilterOperator.NotIn)
        {
            if (values.Count == 0) throw new ArgumentException("An In or NotIn condition needs at least one value.", nameof(values));
        }
        else if (values.Count != 1)
        {
            throw new ArgumentException($"A {op} condition takes exactly one value.", nameof(values));
        }
        Column = column;
        Operator = op;
        Values = values;
    }

    /// <summary>The column name.</summary>
    public string Column { get; }

    /// <summary>The operator.</summary>
    public FilterOperator Operator { get; }

    /// <summary>The formatted values.</summary>
    public IReadOnlyList<string> Values { get; }

    /// <summary>Combines two conditions (all must hold).</summary>
    public static CollectFilter operator &(FilterCondition left, FilterCondition right) => new CollectFilter(left) & right;

    /// <summary>The condition as the <c>filter</c> parameter spells it (before URL encoding).</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        AppendTo(text);
        return text.ToString();
    }

    internal void AppendTo(StringBuilder text)
    {
        text.Append(Column).Append(Suffix(Operator)).Append('=');
        if (Operator is FilterOperator.In or FilterOperator.NotIn)
        {
            text.Append('(');
            for (var i = 0; i < Values.Count; i++)
            {
                if (i > 0) text.Append(',');
                AppendValue(text, Values[i]);
            }
            text.Append(')');
        }
        else
        {
            AppendValue(text, Values[0]);
        }
    }

    internal static string Suffix(FilterOperator op) => op switch
    {
        FilterOperator.Equal => "",
        FilterOperator.NotEqual => "__ne",
        FilterOperator.GreaterThan => "__gt",
        FilterOperator.GreaterThanOrEqual => "__gte",
        FilterOperator.LessThan => "__lt",
        FilterOperator.LessThanOrEqual => "__lte",
        FilterOperator.Like => "__like",
        FilterOperator.NotLike => "__nlike",
        FilterOperator.In => "__in",
        FilterOperator.NotIn => "__nin",
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "Unknown filter operator."),
    };

    // A value is bare unless it holds , ( ) ' or leading/trailing space, or is empty;
    // otherwise it is single-quoted with '' for a quote (CONTRACT.md).
    private static void AppendValue(StringBuilder text, string value)
    {
        var needsQuotes = value.Length == 0
            || value.AsSpan().IndexOfAny(",()'") >= 0
            || char.IsWhiteSpace(value[0])
            || char.IsWhiteSpace(value[^1]);
        if (!needsQuotes)
        {
            text.Append(value);
            return;
        }
        text.Append('\'').Append(value.Replace("'", "''", StringComparison.Ordinal)).Append('\'');
    }
}

/// <summary>A filter: conditions that must all hold. Combine conditions with <c>&amp;</c>.</summary>
public sealed partial class CollectFilter
{
    private readonly FilterCondition[] _conditions;

    /// <summary>Creates a filter of the given conditions.</summary>
    public CollectFilter(params FilterCondition[] conditions)
    {
        ArgumentNullException.ThrowIfNull(conditions);
        _conditions = conditions.ToArray();
    }

    /// <summary>The conditions, in order.</summary>
    public IReadOnlyList<FilterCondition> Conditions => _conditions;

    /// <summary>Adds a condition.</summary>
    public static CollectFilter operator &(CollectFilter left, FilterCondition right) => new([.. left._conditions, right]);

    /// <summary>Joins two filters.</summary>
    public static CollectFilter operator &(CollectFilter left, CollectFilter right) => new([.. left._conditions, .. right._conditions]);

    /// <summary>A single condition as a filter.</summary>
    public static implicit operator CollectFilter(FilterCondition condition) => new(condition);

    /// <summary>The <c>filter</c> parameter's value before URL encoding.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        for (var i = 0; i < _conditions.Length; i++)
        {
            if (i > 0) text.Append(',');
            _conditions[i].AppendTo(text);
        }
        return text.ToString();
    }
}

/// <summary>A typed column for building filter conditions; generated per column.</summary>
/// <typeparam name="T">The column's value type.</typeparam>
/// <param name="Column">The column name.</param>
public readonly record struct FilterColumn<T>(string Column) where T : notnull
{
    /// <summary><c>column = value</c></summary>
    public FilterCondition Eq(T value) => One(FilterOperator.Equal, value);
    /// <summary><c>column != value</c></summary>
    public FilterCondition Ne(T value) => One(FilterOperator.NotEqual, value);
    /// <summary><c>column &gt; value</c></summary>
    public FilterCondition Gt(T value) => One(FilterOperator.GreaterThan, value);
    /// <summary><c>column &gt;= value</c></summary>
    public FilterCondition Gte(T value) => One(FilterOperator.GreaterThanOrEqual, value);
    /// <summary><c>column &lt; value</c></summary>
    public FilterCondition Lt(T value) => One(FilterOperator.LessThan, value);
    /// <summary><c>column &lt;= value</c></summary>
    public FilterCondition Lte(T value) => One(FilterOperator.LessThanOrEqual, value);
    /// <summary><c>column</c> is one of <paramref name="values"/>.</summary>
    public FilterCondition In(params T[] values) => Many(FilterOperator.In, values);
    /// <summary><c>column</c> is none of <paramref name="values"/>.</summary>
    public FilterCondition NotIn(params T[] values) => Many(FilterOperator.NotIn, values);
    /// <summary><c>column</c> matches a pattern with <c>%</c> and <c>_</c> wildcards.</summary>
    public FilterCondition Like(string pattern) => new(Column, FilterOperator.Like, [pattern]);
    /// <summary><c>column</c> does not match a pattern with <c>%</c> and <c>_</c> wildcards.</summary>
    public FilterCondition NotLike(string pattern) => new(Column, FilterOperator.NotLike, [pattern]);

    private FilterCondition One(FilterOperator op, T value) => new(Column, op, [CollectValue.Format(value)]);

    private FilterCondition Many(FilterOperator op, T[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var formatted = new string[values.Length];
        for (var i = 0; i < values.Length; i++) formatted[i] = CollectValue.Format(values[i]);
        return new FilterCondition(Column, op, formatted);
    }
}

/// <summary>Formats values the way the API spells them in filters and request bodies.</summary>
public static class CollectValue
{
    /// <summary>Formats a value: numbers invariantly, dates <c>yyyy-MM-dd</c>, times <c>HH:mm:ss</c>, booleans <c>1</c>/<c>0</c>.</summary>
    public static string Format<T>(T value) where T : notnull => value switch
    {
        string s => s,
        RowId r => r.ToString(),
        bool b => b ? "1" : "0",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        TimeOnly t => t.ToString("HH:mm:ss", CultureInfo.InvariantCulture),
        DateTime dt => dt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}

/// <summary>A typed column for sorting; generated per column.</summary>
/// <param name="Column">The column name.</param>
public readonly record struct SortColumn(string Column)
{
    /// <summary>Sort by this column, smallest first.</summary>
    public SortKey Ascending => new(Column, false);

    /// <summary>Sort by this column, largest first.</summary>
    public SortKey Descending => new(Column, true);
}

/// <summary>One key of the <c>sort</c> parameter.</summary>
/// <param name="Column">The column name.</param>
/// <param name="IsDescending">Whether the column sorts descending (spelled with a leading <c>-</c>).</param>
public readonly record struct SortKey(string Column, bool IsDescending)
{
    /// <summary>The key as the <c>sort</c> parameter spells it.</summary>
    public override string ToString() => IsDescending ? "-" + Column : Column;

    /// <summary>A column sorted ascending.</summary>
    public static implicit operator SortKey(SortColumn column) => column.Ascending;
}
