using System;
using System.Collections.Generic;
using System.Text;
using Collect.DevServer.Http;

namespace Collect.DevServer.Data;

/// <summary>The operators of the <c>filter</c> parameter.</summary>
internal enum FilterOp
{
    Equal,
    NotEqual,
    GreaterThan,
    GreaterThanOrEqual,
    LessThan,
    LessThanOrEqual,
    Like,
    NotLike,
    In,
    NotIn,
}

/// <summary>One parsed condition: <c>column[__op]=value</c>.</summary>
internal sealed record FilterTerm(string Column, FilterOp Op, IReadOnlyList<string> Values);

/// <summary>
/// Parses the <c>filter</c> parameter exactly as the runtime formats it (CONTRACT.md):
/// comma-separated <c>column[__op]=value</c>; a value is bare when it holds none of <c>, ( ) '</c>
/// and no leading or trailing space, otherwise single-quoted with <c>''</c> for one quote;
/// <c>__in</c>/<c>__nin</c> take <c>(v1,v2,...)</c>. Anything else is a 400.
/// </summary>
internal static class FilterParser
{
    /// <summary>At most this many conditions, and this many values in one list.</summary>
    public const int MaxTerms = 100;
    public const int MaxListValues = 1000;

    private static readonly (string Suffix, FilterOp Op)[] Operators =
    [
        ("__nlike", FilterOp.NotLike), ("__like", FilterOp.Like), ("__gte", FilterOp.GreaterThanOrEqual),
        ("__lte", FilterOp.LessThanOrEqual), ("__nin", FilterOp.NotIn), ("__ne", FilterOp.NotEqual),
        ("__gt", FilterOp.GreaterThan), ("__lt", FilterOp.LessThan), ("__in", FilterOp.In),
    ];

    /// <summary>Parses a filter. <paramref name="isColumn"/> tells column names from operator suffixes.</summary>
    /// <exception cref="ApiException">400: the filter is malformed or names an unknown column or operator.</exception>
    public static List<FilterTerm> Parse(string text, Func<string, bool> isColumn)
    {
        if (text.Length == 0) throw Bad("The filter is empty.");
        var terms = new List<FilterTerm>();
        var position = 0;
        while (true)
        {
            if (terms.Count == MaxTerms) throw Bad($"The filter has more than {MaxTerms} conditions.");
            terms.Add(ParseTerm(text, ref position, isColumn));
            if (position == text.Length) return terms;
            Expect(text, ref position, ',');
        }
    }

    private static FilterTerm ParseTerm(string text, ref int position, Func<string, bool> isColumn)
    {
        var equals = text.IndexOf('=', position);
        if (equals < 0) throw Bad($"The filter condition at position {position} has no '='.");
        var key = text[position..equals];
        position = equals + 1;
        if (key.Length == 0) throw Bad($"The filter condition at position {equals} has no column.");
        var (column, op) = SplitKey(key, isColumn);

        if (op is FilterOp.In or FilterOp.NotIn)
        {
            Expect(text, ref position, '(');
            var values = new List<string>();
            while (true)
            {
                if (values.Count == MaxListValues) throw Bad($"A filter list holds more than {MaxListValues} values.");
                if (Peek(text, position) == ')')
                    throw Bad($"The list of {column} at position {position} is empty or ends with a comma.");
                values.Add(ParseValue(text, ref position, inList: true));
                if (Peek(text, position) == ')')
                {
                    position++;
                    return new FilterTerm(column, op, values);
                }
                Expect(text, ref position, ',');
            }
        }
        return new FilterTerm(column, op, [ParseValue(text, ref position, inList: false)]);
    }

    private static (string Column, FilterOp Op) SplitKey(string key, Func<string, bool> isColumn)
    {
        if (isColumn(key)) return (key, FilterOp.Equal);
        foreach (var (suffix, op) in Operators)
        {
            if (key.Length > suffix.Length && key.EndsWith(suffix, StringComparison.Ordinal))
            {
                var column = key[..^suffix.Length];
                if (isColumn(column)) return (column, op);
                throw Bad($"Unknown column '{Excerpt(column)}' in the filter.");
            }
        }
        var separator = key.LastIndexOf("__", StringComparison.Ordinal);
        if (separator > 0 && isColumn(key[..separator]))
            throw Bad($"Unknown filter operator '{Excerpt(key[separator..])}'.");
        throw Bad($"Unknown column '{Excerpt(key)}' in the filter.");
    }

    private static string ParseValue(string text, ref int position, bool inList)
    {
        if (Peek(text, position) == '\'')
        {
            var start = position;
            position++;
            var value = new StringBuilder();
            while (true)
            {
                if (position >= text.Length) throw Bad($"The quoted filter value at position {start} is not closed.");
                var c = text[position++];
                if (c != '\'')
                {
                    value.Append(c);
                }
                else if (Peek(text, position) == '\'')
                {
                    value.Append('\'');
                    position++;
                }
                else
                {
                    var next = Peek(text, position);
                    if (next is not null && next != ',' && !(inList && next == ')'))
                        throw Bad($"Unexpected '{next}' after the quoted filter value at position {start}.");
                    return value.ToString();
                }
            }
        }

        var begin = position;
        while (position < text.Length && text[position] != ',' && !(inList && text[position] == ')'))
        {
            if (text[position] is '(' or ')' or '\'')
                throw Bad($"The filter value at position {begin} holds '{text[position]}'; quote it ('...').");
            position++;
        }
        var bare = text[begin..position];
        if (bare.Length == 0) throw Bad($"The filter value at position {begin} is empty; write '' for an empty value.");
        if (char.IsWhiteSpace(bare[0]) || char.IsWhiteSpace(bare[^1]))
            throw Bad($"The filter value at position {begin} has leading or trailing space; quote it ('...').");
        return bare;
    }

    private static char? Peek(string text, int position) => position < text.Length ? text[position] : null;

    private static void Expect(string text, ref int position, char expected)
    {
        if (Peek(text, position) != expected)
            throw Bad(position < text.Length
                ? $"Expected '{expected}' at position {position} of the filter, found '{text[position]}'."
                : $"Expected '{expected}' at the end of the filter.");
        position++;
    }

    private static string Excerpt(string text) => Schema.ColumnValues.Excerpt(text);

    private static ApiException Bad(string message) => ApiException.BadRequest(message);
}
