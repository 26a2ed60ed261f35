using System;
using System.Collections.Generic;
using System.Text;

namespace Collect.Runtime.Tests;

/// <summary>One parsed condition: the column, the operator suffix (empty for equals) and its values.</summary>
public sealed record ParsedCondition(string Column, string Operator, IReadOnlyList<string> Values);

/// <summary>
/// A small reference parser for the <c>filter</c> parameter, written from CONTRACT.md alone:
/// comma-separated <c>column[__op]=value</c>; a value is bare unless it holds <c>, ( ) '</c> or
/// leading/trailing space or is empty, otherwise single-quoted with <c>''</c> for one quote;
/// <c>__in</c>/<c>__nin</c> take <c>(v1,v2,...)</c>. It is strict: a bare value that breaks the rule is an error.
/// </summary>
public static class FilterTextParser
{
    private static readonly string[] Operators = ["__nlike", "__like", "__gte", "__lte", "__nin", "__ne", "__gt", "__lt", "__in"];

    public static List<ParsedCondition> Parse(string text)
    {
        var conditions = new List<ParsedCondition>();
        var position = 0;
        while (true)
        {
            conditions.Add(ParseCondition(text, ref position));
            if (position == text.Length) return conditions;
            Expect(text, ref position, ',');
        }
    }

    private static ParsedCondition ParseCondition(string text, ref int position)
    {
        var equals = text.IndexOf('=', position);
        if (equals < 0) throw new FormatException($"No '=' after position {position}.");
        var key = text[position..equals];
        position = equals + 1;
        var op = "";
        foreach (var candidate in Operators)
        {
            if (key.EndsWith(candidate, StringComparison.Ordinal))
            {
                op = candidate;
                break;
            }
        }
        var column = key[..^op.Length];
        if (column.Length == 0) throw new FormatException("A condition without a column.");

        if (op is "__in" or "__nin")
        {
            Expect(text, ref position, '(');
            var values = new List<string>();
            while (true)
            {
                values.Add(ParseValue(text, ref position));
                if (Peek(text, position) == ')')
                {
                    position++;
                    return new ParsedCondition(column, op, values);
                }
                Expect(text, ref position, ',');
            }
        }
        return new ParsedCondition(column, op, [ParseValue(text, ref position)]);
    }

    private static string ParseValue(string text, ref int position)
    {
        if (Peek(text, position) == '\'')
        {
            position++;
            var value = new StringBuilder();
            while (true)
            {
                if (position >= text.Length) throw new FormatException("An unterminated quoted value.");
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
                    return value.ToString();
                }
            }
        }

        var start = position;
        while (position < text.Length && text[position] is not (',' or ')'))
        {
            if (text[position] is '(' or '\'') throw new FormatException($"A bare value holds '{text[position]}' at {position}.");
            position++;
        }
        var bare = text[start..position];
        if (bare.Length == 0) throw new FormatException($"An empty bare value at {start}.");
        if (bare[0] == ' ' || bare[^1] == ' ') throw new FormatException($"A bare value with a leading or trailing space at {start}.");
        return bare;
    }

    private static char? Peek(string text, int position) => position < text.Length ? text[position] : null;

    private static void Expect(string text, ref int position, char expected)
    {
        if (Peek(text, position) != expected)
            throw new FormatException($"Expected '{expected}' at {position} in: {text}");
        position++;
    }

    /// <summary>The operator suffix the contract spells for an operator.</summary>
    public static string Suffix(FilterOperator op) => op switch
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
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };
}
