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
    /// <summary>At most this many conditions.</summary>
    public const int MaxTerms = 100;

    /// <summary>At most this many values in one <c>__in</c>/<c>__nin</c> list.</summary>
    public const int MaxListValues = 1000;

    /// <summary>
    /// At most this many values in the whole filter (each is one SQL parameter; SQLite takes at most
    /// 32766 in one statement).
    /// </summary>
    public const int MaxTotalValues = 10_000;

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
        var total = 0;
        foreach (var condition in filter.Conditions)
        {
            if (condition.Values.Count > MaxListValues)
                throw ApiException.BadRequest($"A filter list holds more than {MaxListValues} values ({condition.Column} has {condition.Values.Count}).");
            total += condition.Values.Count;
        }
        if (total > MaxTotalValues)
            throw ApiException.BadRequest($"The filter holds more than {MaxTotalValues} values in all ({total}).");
        return filter.Conditions;
    }
}
