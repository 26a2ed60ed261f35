using System;
using System.Collections.Generic;
using Collect.DevServer.Http;
using Collect.Runtime;

namespace Collect.DevServer.Data;

/// <summary>
/// Reads the <c>filter</c> parameter with the runtime's own grammar (<see cref="CollectFilter.Parse"/>),
/// so the server accepts exactly what clients write; a malformed filter is a 400.
/// </summary>
internal static class FilterParser
{
    /// <summary>At most this many conditions, and this many values in one list.</summary>
    public const int MaxTerms = 100;
    public const int MaxListValues = 1000;

    /// <summary>Parses a filter. <paramref name="isColumn"/> tells column names from operator suffixes.</summary>
    /// <exception cref="ApiException">400: the filter is malformed, too large, or names an unknown column or operator.</exception>
    public static IReadOnlyList<FilterCondition> Parse(string text, Func<string, bool> isColumn)
    {
        CollectFilter filter;
        try
        {
            filter = CollectFilter.Parse(text, isColumn);
        }
        catch (FormatException ex)
        {
            throw ApiException.BadRequest(ex.Message);
        }
        if (filter.Conditions.Count > MaxTerms)
            throw ApiException.BadRequest($"The filter has more than {MaxTerms} conditions.");
        foreach (var condition in filter.Conditions)
        {
            if (condition.Values.Count > MaxListValues)
                throw ApiException.BadRequest($"A filter list holds more than {MaxListValues} values.");
        }
        return filter.Conditions;
    }
}
