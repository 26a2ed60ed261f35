using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Collect.Runtime;

public sealed partial class CollectFilter
{
    // Longest suffix first, so "__nlike" is not read as "__like" of a column ending in "n".
    private static readonly (string Suffix, FilterOperator Operator)[] Suffixes = Enum.GetValues<FilterOperator>()
        .Where(op => op != FilterOperator.Equal)
        .Select(op => (FilterCondition.Suffix(op), op))
        .OrderByDescending(pair => pair.Item1.Length)
        .ToArray();

    /// <summary>
    /// Reads the <c>filter</c> parameter (after URL decoding) back into conditions: the grammar
    /// <see cref="ToString"/> writes (CONTRACT.md). <paramref name="isColumn"/>, when given, tells
    /// column names from operator suffixes (a column may itself contain <c>__</c>) and rejects
    /// unknown columns.
    /// </summary>
    /// <exception cref="FormatException">The text is not a filter; the message says where and why.</exception>
    public static CollectFilter Parse(string text, Func<string, bool>? isColumn = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0) throw new FormatException("The filter is empty.");
        var conditions = new List<FilterCondition>();
        var position = 0;
        while (true)
        {
            conditions.Add(ParseCondition(text, ref position, isColumn));
            if (position == text.Length) return new CollectFilter([.. conditions]);
            Expect(text, ref position, ',');
        }
    }

    private static FilterCondition ParseCondition(string text, ref int position, Func<string, bool>? isColumn)
    {
        var equals = text.IndexOf('=', position);
        if (equals < 0) throw new FormatException($"The filter condition at position {position} has no '='.");
        var key = text[position..equals];
        position = equals + 1;
        if (key.Length == 0) throw new FormatException($"The filter condition at position {equals} has no column.");
        var (column, op) = SplitKey(key, isColumn);

        if (op is not (FilterOperator.In or FilterOperator.NotIn))
            return new FilterCondition(column, op, [ParseValue(text, ref position, inList: false)]);

        Expect(text, ref position, '(');
        var values = new List<string>();
        while (true)
        {
            if (Peek(text, position) == ')')
                throw new FormatException($"The list of {column} at position {position} is empty or ends with a comma.");
            values.Add(ParseValue(text, ref position, inList: true));
            if (Peek(text, position) == ')')
            {
                position++;
                return new FilterCondition(column, op, values);
            }
            Expect(text, ref position, ',');
        }
    }

    private static (string Column, FilterOperator Operator) SplitKey(string key, Func<string, bool>? isColumn)
    {
        if (isColumn?.Invoke(key) == true) return (key, FilterOperator.Equal);
        foreach (var (suffix, op) in Suffixes)
        {
            if (key.Length <= suffix.Length || !key.EndsWith(suffix, StringComparison.Ordinal)) continue;
            var column = key[..^suffix.Length];
            if (isColumn is null || isColumn(column)) return (column, op);
            throw new FormatException($"Unknown column '{Excerpt(column)}' in the filter.");
        }
        if (isColumn is null) return (key, FilterOperator.Equal);
        var separator = key.LastIndexOf("__", StringComparison.Ordinal);
        if (separator > 0 && isColumn(key[..separator]))
            throw new FormatException($"Unknown filter operator '{Excerpt(key[separator..])}'.");
        throw new FormatException($"Unknown column '{Excerpt(key)}' in the filter.");
    }

    private static string ParseValue(string text, ref int position, bool inList)
    {
        if (Peek(text, position) == '\'')
        {
            var start = position++;
            var value = new StringBuilder();
            while (true)
            {
                if (position >= text.Length) throw new FormatException($"The quoted filter value at position {start} is not closed.");
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
                        throw new FormatException($"Unexpected '{next}' after the quoted filter value at position {start}.");
                    return value.ToString();
                }
            }
        }

        var begin = position;
        while (position < text.Length && text[position] != ',' && !(inList && text[position] == ')'))
        {
            if (text[position] is '(' or ')' or '\'')
                throw new FormatException($"The filter value at position {begin} holds '{text[position]}'; quote it ('...').");
            position++;
        }
        var bare = text[begin..position];
        if (bare.Length == 0) throw new FormatException($"The filter value at position {begin} is empty; write '' for an empty value.");
        if (char.IsWhiteSpace(bare[0]) || char.IsWhiteSpace(bare[^1]))
            throw new FormatException($"The filter value at position {begin} has leading or trailing space; quote it ('...').");
        return bare;
    }

    private static char? Peek(string text, int position) => position < text.Length ? text[position] : null;

    private static void Expect(string text, ref int position, char expected)
    {
        if (Peek(text, position) == expected)
        {
            position++;
            return;
        }
        throw new FormatException(position < text.Length
            ? $"Expected '{expected}' at position {position} of the filter, found '{text[position]}'."
            : $"Expected '{expected}' at the end of the filter.");
    }

    private static string Excerpt(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
